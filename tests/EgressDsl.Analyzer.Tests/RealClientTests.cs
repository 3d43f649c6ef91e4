using System.Text.RegularExpressions;
using Xunit;

namespace EgressDsl.Analyzer.Tests;

/// <summary>
/// The analyzer, generator and code fixes in real clients: <c>dotnet build</c> of a deliberately broken project, and
/// <c>dotnet format</c> applying a code fix. Each test writes a small project into a temporary folder that references
/// the assemblies this test was built with, the way the package wires them (analyzers next to YamlDotNet).
/// </summary>
[Collection(nameof(RealClientTests))]
public class RealClientTests
{
    private const string BrokenSource = """
        using EgressDsl;

        [ExternalService("api.example.com", Resolution = ServiceResolution.Dns)]
        [ServicePort(443, "https", PortProtocol.Https)]
        [TlsOrigination(TlsMode.Simple, Sni = "api.example.com")]
        public partial class Api;

        [EgressRoute(typeof(Api))]
        [HttpRoute(Subset = "v2")]
        public partial class ApiRoute;

        [ExternalService("db.example.com", Addresses = ["240.0.0.1"])]
        [ServicePort(0, "tcp-db", PortProtocol.Tcp)]
        public partial class Database;
        """;

    [Fact]
    public void Dotnet_build_prints_each_expected_id_with_file_line_and_column_and_honours_editorconfig()
    {
        using var project = TemporaryProject.Create(BrokenSource, editorconfig: "root = true\n\n[*.cs]\ndotnet_diagnostic.EGRESS050.severity = error\n");

        var (exitCode, output) = Dotnet(project.Directory, "build", "-nologo", "-p:NuGetAudit=false");

        Assert.NotEqual(0, exitCode);
        var file = Regex.Escape(Path.Combine(project.Directory, "Egress.cs"));
        Assert.Matches(file + @"\(5,17\): error EGRESS050:", output);
        Assert.Matches(file + @"\(9,21\): error EGRESS020:", output);
        Assert.Matches(file + @"\(13,14\): error EGRESS003:", output);
        Assert.Matches(@"error EGRESS900: No manifest was generated for 'ApiRoute'", output);
        Assert.Matches(@"error EGRESS900: No manifest was generated for 'Database'", output);
    }

    [Fact]
    public void Dotnet_format_applies_a_code_fix_to_a_copy_of_a_sample()
    {
        var sample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "NginxEgress.cs.txt")).Replace("partial class", "class");
        using var project = TemporaryProject.Create(sample, editorconfig: null);

        var (exitCode, output) = Dotnet(project.Directory, "format", "analyzers", "--diagnostics", "EGRESS015", "--severity", "info", "--no-restore");

        Assert.True(exitCode == 0, output);
        var fixedSource = File.ReadAllText(Path.Combine(project.Directory, "Egress.cs"));
        Assert.Equal(3, Regex.Matches(fixedSource, "public partial class").Count);
        Assert.Equal(sample.Replace("public class", "public partial class"), fixedSource);
    }

    internal static (int ExitCode, string Output) Dotnet(string directory, params string[] arguments)
    {
        var start = EgressDsl.Testing.Processes.ProcessRunner.StartInfo("dotnet", directory, arguments, asUser: false);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // No MSBuild node outlives the test holding the analyzers it loaded.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        // A guard against a hung client, not a time limit: dotnet format alone takes minutes on a loaded machine.
        var result = EgressDsl.Testing.Processes.ProcessRunner.Run(start, TimeSpan.FromMinutes(10));
        return (result.ExitCode, result.Output);
    }

    internal sealed class TemporaryProject : IDisposable
    {
        private TemporaryProject(string directory) => Directory = directory;

        public string Directory { get; }

        public static TemporaryProject Create(string source, string? editorconfig)
        {
            var directory = Path.Combine(Path.GetTempPath(), "egressdsl-client-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(directory);
            string Here(string file) => Path.Combine(AppContext.BaseDirectory, file);

            // Not under the repository: no Directory.Build.props or central package versions apply.
            File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />");
            File.WriteAllText(Path.Combine(directory, "Client.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>disable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <Reference Include="EgressDsl.Abstractions" HintPath="{Here("EgressDsl.Abstractions.dll")}" />
                    <Analyzer Include="{Here("EgressDsl.Generator.dll")}" />
                    <Analyzer Include="{Here("YamlDotNet.dll")}" />
                    <Analyzer Include="{Here("EgressDsl.CodeFixes.dll")}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(directory, "Egress.cs"), source);
            if (editorconfig is not null)
            {
                File.WriteAllText(Path.Combine(directory, ".editorconfig"), editorconfig);
            }

            var restore = Dotnet(directory, "restore", "-p:NuGetAudit=false");
            Assert.True(restore.ExitCode == 0, restore.Output);
            return new TemporaryProject(directory);
        }

        public void Dispose()
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A build server may still hold a file for a moment; the folder is in the temp directory anyway.
            }
        }
    }
}
