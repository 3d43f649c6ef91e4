using System.Text.RegularExpressions;
using EgressDsl.Generator.Analyzers;
using EgressDsl.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EgressDsl.Envoy.Tests;

/// <summary>
/// docs/patterns/*.md and docs/getting-started.md cannot drift: each page's YAML block is the generator's output for its
/// C# block, and its "where a request goes" block is the simulator's explanation of each [ExpectRoute] of that C#.
/// Refresh them with EGRESSDSL_UPDATE_DOCS=1 dotnet test tests/EgressDsl.Envoy.Tests --filter PatternDocsTests.
/// </summary>
public class PatternDocsTests
{
    private static bool Updating => Environment.GetEnvironmentVariable("EGRESSDSL_UPDATE_DOCS") == "1";

    public static IEnumerable<object[]> Pages() =>
        Directory.GetFiles(Path.Combine(RepositoryRoot, "docs", "patterns"), "*.md")
            .Append(Path.Combine(RepositoryRoot, "docs", "getting-started.md"))
            .Select(path => Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(page => new object[] { page });

    [Fact]
    public void Every_pattern_has_its_page()
    {
        var pages = Pages().Select(p => (string)p[0]).ToList();
        foreach (var slug in new[] { "direct-egress", "sidecar-tls-origination", "gateway-egress", "wildcard-hosts", "external-proxy", "kubernetes-egress-service" })
        {
            Assert.Contains("docs/patterns/" + slug + ".md", pages);
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void The_pages_yaml_and_request_path_are_what_its_csharp_produces(string page)
    {
        var path = Path.Combine(RepositoryRoot, page);
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        var source = Block(text, "csharp", "The DSL") ?? throw new InvalidOperationException(page + " has no ```csharp block under a heading starting with 'The DSL'");

        var compilation = GeneratorHarness.Compile(source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var run = GeneratorHarness.Run(compilation);
        Assert.True(run.Diagnostics.IsEmpty, page + ": " + string.Join("\n", run.Diagnostics));
        var warnings = GeneratorHarness.Analyze(compilation).Concat(GeneratorHarness.Analyze(compilation, new RouteExpectationAnalyzer()))
            .Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(warnings.Count == 0, page + ": " + string.Join("\n", warnings));

        var yaml = run.IstioYaml.TrimEnd('\n');
        var requests = Explanations(compilation, run);
        if (Updating)
        {
            text = Replace(text, "yaml", "The YAML", yaml);
            text = Replace(text, "text", "Where a request goes", requests);
            File.WriteAllText(path, text);
        }

        Assert.Equal(yaml, Block(text, "yaml", "The YAML"));
        Assert.Equal(requests, Block(text, "text", "Where a request goes"));
    }

    /// <summary>The simulator's explanation of each [ExpectRoute] of the source, class by class in source order.</summary>
    private static string Explanations(Compilation compilation, GeneratorRun run)
    {
        var project = run.ResolvedProject;
        var checker = RouteExpectationChecker.Of(project);
        var explanations = new List<string>();
        var types = compilation.SyntaxTrees
            .SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>()
                .Select(node => compilation.GetSemanticModel(tree).GetDeclaredSymbol(node)))
            .OfType<INamedTypeSymbol>();
        foreach (var type in types)
        {
            var snapshot = ClassSnapshot.Build(type, CancellationToken.None);
            var expectations = RouteExpectationParser.Parse(snapshot).Expectations;
            if (expectations.IsEmpty)
            {
                continue;
            }

            var route = RouteExpectationChecker.RouteOf(project, snapshot.Identity.MetadataName)
                ?? throw new InvalidOperationException(type.Name + " has expectations and no route");
            explanations.AddRange(expectations.Select(expectation => checker.Explain(expectation, route).TrimEnd('\n')));
        }

        return string.Join("\n\n", explanations);
    }

    /// <summary>The first fenced block of <paramref name="language"/> under the first heading that starts with <paramref name="heading"/>.</summary>
    private static string? Block(string page, string language, string heading)
    {
        var match = BlockPattern(language, heading).Match(page);
        return match.Success ? match.Groups["body"].Value.TrimEnd('\n') : null;
    }

    private static string Replace(string page, string language, string heading, string body)
    {
        var match = BlockPattern(language, heading).Match(page);
        Assert.True(match.Success, "no ```" + language + " block under '## " + heading + "'");
        var group = match.Groups["body"];
        return page.Substring(0, group.Index) + body + "\n" + page.Substring(group.Index + group.Length);
    }

    private static Regex BlockPattern(string language, string heading) =>
        new("\n## " + Regex.Escape(heading) + "[^\n]*\n(?:(?!\n## ).)*?```" + language + "\n(?<body>.*?)```", RegexOptions.Singleline);

    private static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "EgressDsl.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new DirectoryNotFoundException("EgressDsl.sln was not found above " + AppContext.BaseDirectory);
        }
    }
}
