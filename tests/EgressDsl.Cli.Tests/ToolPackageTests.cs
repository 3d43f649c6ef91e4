using System.Diagnostics;
using Xunit;

namespace EgressDsl.Cli.Tests;

/// <summary>
/// The tool as a user gets it: packed into a temporary folder feed with a version no earlier run used (so no cache can hand back a
/// stale copy), installed with <c>dotnet tool install --tool-path</c>, and run as a process.
/// </summary>
public sealed class ToolPackageTests
{
    [Fact]
    public void Installs_from_the_packed_nupkg_and_runs()
    {
        var workspace = Path.Combine(Path.GetTempPath(), "egressdsl-tool-" + Guid.NewGuid().ToString("N")[..12]);
        var version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + ".r" + Guid.NewGuid().ToString("N")[..8];
        var feed = Path.Combine(workspace, "feed");
        var tools = Path.Combine(workspace, "tools");
        var packagesRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        try
        {
            var project = ImportRoundTripTests.RepositoryFile("src", "Cli", "EgressDsl.Cli.csproj");
            var pack = Run("dotnet", workspace, "pack", project, "-c", "Release", "-o", feed, "-p:PackageVersion=" + version);
            Assert.True(pack.ExitCode == 0, pack.Output);
            Assert.True(File.Exists(Path.Combine(feed, "EgressDsl.Cli." + version + ".nupkg")), pack.Output);

            var install = Run("dotnet", workspace, "tool", "install", "EgressDsl.Cli", "--tool-path", tools, "--add-source", feed, "--version", version);
            Assert.True(install.ExitCode == 0, install.Output);

            var egressdsl = Path.Combine(tools, OperatingSystem.IsWindows() ? "egressdsl.exe" : "egressdsl");
            var help = Run(egressdsl, workspace, "--help");
            Assert.True(help.ExitCode == 0, help.Output);
            foreach (var command in new[] { "import", "manifests", "simulate", "diff" })
            {
                Assert.Contains("  " + command + " <", help.Output);
            }

            using var sample = BuiltSample.Sample("NginxEgress.cs");
            var manifests = Run(egressdsl, workspace, "manifests", sample.AssemblyPath);
            Assert.True(manifests.ExitCode == 0, manifests.Output);
            Assert.Contains("name: se-nginx-ext", manifests.Output);
            Assert.Equal(2, Run(egressdsl, workspace, "simulate", sample.AssemblyPath).ExitCode);

            // The import builds the intent it proposes with the compiler and generator the package carries, against the
            // running .NET's own assemblies: the pattern page's objects come back as its one attribute.
            var page = File.ReadAllText(ImportRoundTripTests.RepositoryFile("docs", "patterns", "gateway-egress.md"));
            var yaml = Path.Combine(workspace, "cnn.yaml");
            File.WriteAllText(yaml, page[(page.IndexOf("```yaml\n", StringComparison.Ordinal) + 8)..page.IndexOf("```", page.IndexOf("```yaml\n", StringComparison.Ordinal) + 8, StringComparison.Ordinal)]);
            var import = Run(egressdsl, workspace, "import", yaml);
            Assert.True(import.ExitCode == 0, import.Output);
            Assert.Contains("[GatewayEgress(\"edition.cnn.com\", Tls = GatewayEgressTls.Originate, MeshTls = true, Name = \"cnn\", GatewayName = \"istio-egressgateway\")]", import.Output);
        }
        finally
        {
            TryDelete(workspace);
            TryDelete(Path.Combine(packagesRoot, "egressdsl.cli", version));
        }
    }

    private static (int ExitCode, string Output) Run(string fileName, string workingDirectory, params string[] arguments)
    {
        Directory.CreateDirectory(workingDirectory);
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
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
