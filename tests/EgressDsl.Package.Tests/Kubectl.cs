using System.Diagnostics;
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
        var start = new ProcessStartInfo(Path!, new[] { "kustomize", directory })
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "kubectl kustomize did not finish within a minute");
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {directory} failed:\n{error.Result}");
        return output;
    }
}
