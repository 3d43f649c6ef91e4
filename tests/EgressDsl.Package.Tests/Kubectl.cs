using EgressDsl.Testing.Processes;
using Xunit;

namespace EgressDsl.Package.Tests;

/// <summary>
/// <c>kubectl kustomize</c>, which builds a kustomization offline (no cluster needed). kubectl is optional: tests that need it
/// check <see cref="Path"/> and say in their output what they did instead when it is missing.
/// </summary>
internal static class Kubectl
{
    /// <summary>kubectl on PATH, or null.</summary>
    internal static readonly string? Path = Environment.GetEnvironmentVariable("PATH")?
        .Split(System.IO.Path.PathSeparator)
        .Select(folder => System.IO.Path.Combine(folder, "kubectl"))
        .FirstOrDefault(File.Exists);

    /// <summary>The objects <c>kubectl kustomize <paramref name="directory"/></c> prints; fails the test when it fails.</summary>
    internal static string Kustomize(string directory)
    {
        ProcessResult result = ProcessRunner.Run(ProcessRunner.StartInfo(Path!, directory, new[] { "kustomize", directory }, asUser: false), TimeSpan.FromMinutes(1));
        Assert.True(result.Succeeded, $"kubectl kustomize {directory} failed:\n{result.StandardError}");
        return result.StandardOutput;
    }
}
