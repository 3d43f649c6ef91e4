using System;
using System.IO;

namespace EgressDsl.Testing;

/// <summary>
/// Finds the project's shared data (the <c>shared/</c> folder that sits beside the repository on developer
/// machines and in CI). Data is read in place and never copied into the repository.
/// </summary>
public static class SharedFiles
{
    /// <summary>Environment variable that, when set, names the Istio CRD file to use instead of the shared one.</summary>
    public const string IstioCrdsEnvironmentVariable = "EGRESS_ISTIO_CRDS";

    /// <summary>The Istio CRD file's path below <c>shared/</c>.</summary>
    public const string IstioCrdsRelativePath = "istio-crds/customresourcedefinitions.gen.yaml";

    /// <summary>
    /// The Istio CRD file: <see cref="IstioCrdsEnvironmentVariable"/> if set, else
    /// <c>shared/istio-crds/customresourcedefinitions.gen.yaml</c> found by walking up from the test binaries.
    /// </summary>
    /// <exception cref="FileNotFoundException">Neither exists.</exception>
    public static string IstioCrdsPath
    {
        get
        {
            string? overridden = Environment.GetEnvironmentVariable(IstioCrdsEnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(overridden))
            {
                return File.Exists(overridden)
                    ? Path.GetFullPath(overridden)
                    : throw new FileNotFoundException($"{IstioCrdsEnvironmentVariable} names '{overridden}', which does not exist.", overridden);
            }

            return Find(IstioCrdsRelativePath);
        }
    }

    /// <summary>
    /// Finds <c>shared/<paramref name="relativePath"/></c> in the nearest ancestor of
    /// <see cref="AppContext.BaseDirectory"/> (or of the current directory) that has it.
    /// </summary>
    /// <param name="relativePath">A path below <c>shared/</c>, with forward slashes, e.g. <c>seed/expected-istio.yaml</c>.</param>
    /// <exception cref="FileNotFoundException">No ancestor has it.</exception>
    public static string Find(string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        string relative = Path.Combine("shared", relativePath.Replace('/', Path.DirectorySeparatorChar));
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                string candidate = Path.Combine(directory.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException(
            $"Could not find '{relative}' in any ancestor of '{AppContext.BaseDirectory}'. The shared/ folder must sit beside (or above) the repository.",
            relative);
    }
}
