using System;
using System.IO;
using Xunit;

namespace EgressDsl.Testing.Tests;

/// <summary>Changes a process-wide environment variable, so it never runs alongside other tests.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection
{
}

[Collection(nameof(EnvironmentCollection))]
public class SharedFilesTests
{
    [Fact]
    public void The_CRD_file_is_found_in_shared_by_walking_up()
    {
        string path = SharedFiles.IstioCrdsPath;
        Assert.EndsWith(Path.Combine("shared", "istio-crds", "customresourcedefinitions.gen.yaml"), path);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void The_environment_variable_overrides_the_CRD_file()
    {
        string original = SharedFiles.IstioCrdsPath;
        string? saved = Environment.GetEnvironmentVariable(SharedFiles.IstioCrdsEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(SharedFiles.IstioCrdsEnvironmentVariable, original);
            Assert.Equal(original, SharedFiles.IstioCrdsPath);
            Assert.Same(CrdSchemaValidator.LoadDefault(), CrdSchemaValidator.Load(original));

            string missing = Path.Combine(Path.GetTempPath(), "no-such-crds-" + Guid.NewGuid() + ".yaml");
            Environment.SetEnvironmentVariable(SharedFiles.IstioCrdsEnvironmentVariable, missing);
            var error = Assert.Throws<FileNotFoundException>(() => SharedFiles.IstioCrdsPath);
            Assert.Contains(SharedFiles.IstioCrdsEnvironmentVariable, error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(SharedFiles.IstioCrdsEnvironmentVariable, saved);
        }
    }

    [Fact]
    public void Missing_shared_files_are_explained()
        => Assert.Throws<FileNotFoundException>(() => SharedFiles.Find("no/such/file.yaml"));
}
