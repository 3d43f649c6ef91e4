using EgressDsl.Testing.Processes;
using Xunit;

namespace EgressDsl.Cli.Tests;

/// <summary>
/// The tool as a user gets it: packed into the run's folder feed (<see cref="PackedFeed"/>, shared with the package tests, with
/// a version no cache can have a stale copy of), installed with <c>dotnet tool install --tool-path</c>, and run as a process.
/// </summary>
public sealed class ToolPackageTests
{
    [Fact]
    public void Installs_from_the_packed_nupkg_and_runs()
    {
        var feed = PackedFeed.Shared;
        var workspace = Path.Combine(Path.GetTempPath(), "egressdsl-tool-" + Guid.NewGuid().ToString("N")[..12]);
        var tools = Path.Combine(workspace, "tools");
        var packagesRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        try
        {
            Assert.True(File.Exists(feed.PackagePath(PackedFeed.ToolPackageId)), feed.PackOutput);

            var install = ProcessRunner.Run(
                ProcessRunner.Dotnet, workspace, "tool", "install", PackedFeed.ToolPackageId, "--tool-path", tools, "--add-source",
                    feed.Directory, "--version", feed.Version);
            Assert.True(install.Succeeded, install.Output);

            var egressdsl = Path.Combine(tools, OperatingSystem.IsWindows() ? "egressdsl.exe" : "egressdsl");
            var help = ProcessRunner.Run(egressdsl, workspace, "--help");
            Assert.True(help.Succeeded, help.Output);
            foreach (var command in new[] { "import", "manifests", "simulate", "diff" })
            {
                Assert.Contains("  " + command + " <", help.Output);
            }

            using var sample = BuiltSample.Sample("NginxEgress.cs");
            var manifests = ProcessRunner.Run(egressdsl, workspace, "manifests", sample.AssemblyPath);
            Assert.True(manifests.Succeeded, manifests.Output);
            Assert.Contains("name: se-nginx-ext", manifests.Output);
            Assert.Equal(2, ProcessRunner.Run(egressdsl, workspace, "simulate", sample.AssemblyPath).ExitCode);

            // The import builds the intent it proposes with the compiler and generator the package carries, against the
            // running .NET's own assemblies: the pattern page's objects come back as its one attribute.
            var page = File.ReadAllText(ImportRoundTripTests.RepositoryFile("docs", "patterns", "gateway-egress.md"));
            var yaml = Path.Combine(workspace, "cnn.yaml");
            File.WriteAllText(yaml, page[(page.IndexOf("```yaml\n", StringComparison.Ordinal) + 8)..page.IndexOf("```",
                page.IndexOf("```yaml\n", StringComparison.Ordinal) + 8, StringComparison.Ordinal)]);
            var import = ProcessRunner.Run(egressdsl, workspace, "import", yaml);
            Assert.True(import.ExitCode == 0, import.Output);
            Assert.Contains("[GatewayEgress(\"edition.cnn.com\", Tls = GatewayEgressTls.Originate, MeshTls = true, Name = \"cnn\", GatewayName = \"istio-egressgateway\")]", import.Output);
        }
        finally
        {
            TryDelete(workspace);
            TryDelete(Path.Combine(packagesRoot, "egressdsl.cli", feed.Version));
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
