using System.Text.RegularExpressions;
using Xunit;

namespace EgressDsl.Analyzer.Tests;

/// <summary>
/// The analyzer, generator and code fixes in real clients: <c>dotnet build</c> of a deliberately broken project, and
/// <c>dotnet format</c> applying a code fix, each on its own sources in the collection's <see cref="ClientProject"/>.
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

    private readonly ClientProject _project;

    public RealClientTests(ClientProject project) => _project = project;

    [Fact]
    public void Dotnet_build_prints_each_expected_id_with_file_line_and_column_and_honours_editorconfig()
    {
        var directory = _project.Use(BrokenSource, editorconfig: "root = true\n\n[*.cs]\ndotnet_diagnostic.EGRESS050.severity = error\n");

        var (exitCode, output) = Dotnet(directory, "build", "-nologo", "--no-restore", "-p:NuGetAudit=false");

        Assert.NotEqual(0, exitCode);
        var file = Regex.Escape(Path.Combine(directory, "Egress.cs"));
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
        var directory = _project.Use(sample, editorconfig: null);

        var (exitCode, output) = Dotnet(directory, "format", "analyzers", "--diagnostics", "EGRESS015", "--severity", "info", "--no-restore");

        Assert.True(exitCode == 0, output);
        var fixedSource = File.ReadAllText(Path.Combine(directory, "Egress.cs"));
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

    /// <summary>
    /// The project the real clients work on, in a temporary folder: it references the assemblies this test was built with,
    /// the way the package wires them (analyzers next to YamlDotNet). Restored once for the collection, since each test only
    /// changes its sources and a restore took half a minute on a loaded machine; each test writes the files it needs.
    /// </summary>
    public sealed class ClientProject : IDisposable
    {
        public ClientProject()
        {
            Directory = Path.Combine(Path.GetTempPath(), "egressdsl-client-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Directory);
            string Here(string file) => Path.Combine(AppContext.BaseDirectory, file);

            // Not under the repository: no Directory.Build.props or central package versions apply.
            File.WriteAllText(Path.Combine(Directory, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(Directory, "Directory.Packages.props"), "<Project />");
            File.WriteAllText(Path.Combine(Directory, "Client.csproj"), $"""
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

            var restore = Dotnet(Directory, "restore", "-p:NuGetAudit=false");
            Assert.True(restore.ExitCode == 0, restore.Output);
        }

        public string Directory { get; }

        /// <summary>
        /// Gives the project <paramref name="source"/> as its one source file, and <paramref name="editorconfig"/> or none.
        /// </summary>
        public string Use(string source, string? editorconfig)
        {
            File.WriteAllText(Path.Combine(Directory, "Egress.cs"), source);
            var editorconfigPath = Path.Combine(Directory, ".editorconfig");
            if (editorconfig is null)
            {
                File.Delete(editorconfigPath);
            }
            else
            {
                File.WriteAllText(editorconfigPath, editorconfig);
            }

            return Directory;
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

/// <summary>The real clients, one after the other on one restored <see cref="RealClientTests.ClientProject"/>.</summary>
[CollectionDefinition(nameof(RealClientTests))]
public sealed class RealClientCollection : ICollectionFixture<RealClientTests.ClientProject>
{
}
