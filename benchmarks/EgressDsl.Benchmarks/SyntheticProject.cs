using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EgressDsl.Benchmarks;

/// <summary>
/// A project of N external services, each a full egress setup (endpoints, subsets, mutual TLS, routes through a
/// gateway), one service and its route per file as real code would be, plus one gateway per ten services and as many
/// plain classes as services so the compilation has ordinary code too.
/// </summary>
public sealed class SyntheticProject
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(EgressDsl.ExternalServiceAttribute).Assembly.Location))
        .ToImmutableArray();

    private SyntheticProject(CSharpCompilation compilation, CSharpCompilation plain, int editedService, int unrelatedFile)
    {
        Compilation = compilation;
        Files = compilation.SyntaxTrees.Select(t => (t.FilePath, t.GetText().ToString())).ToList();
        PlainFiles = plain.SyntaxTrees.Select(t => (t.FilePath, t.GetText().ToString())).ToList();
        Plain = plain;
        EditedServiceTree = compilation.SyntaxTrees.ElementAt(editedService);
        UnrelatedTree = compilation.SyntaxTrees.ElementAt(unrelatedFile);
    }

    public CSharpCompilation Compilation { get; }

    /// <summary>The same code with every EgressDsl attribute removed: the compile time a project pays anyway.</summary>
    public CSharpCompilation Plain { get; }

    /// <summary>The source files (relative path and text), for a project on disk that <c>dotnet build</c> compiles.</summary>
    public IReadOnlyList<(string Path, string Text)> Files { get; }

    /// <summary>The same files with every EgressDsl attribute removed.</summary>
    public IReadOnlyList<(string Path, string Text)> PlainFiles { get; }

    public SyntaxTree EditedServiceTree { get; }

    public SyntaxTree UnrelatedTree { get; }

    public static SyntheticProject Create(int services)
    {
        var files = new List<(string Path, string Text)>();
        for (var gateway = 0; gateway < (services + 9) / 10; gateway++)
        {
            files.Add(($"Gateways/Gateway{gateway}.cs", GatewaySource(gateway, services)));
        }

        var firstService = files.Count;
        for (var service = 0; service < services; service++)
        {
            files.Add(($"Services/Service{service}.cs", ServiceSource(service)));
        }

        var firstPlain = files.Count;
        for (var plain = 0; plain < services; plain++)
        {
            files.Add(($"Domain/Model{plain}.cs", PlainSource(plain)));
        }

        var compilation = Compile(files);
        var plainCompilation = Compile(files.Select(f => (f.Path, StripAttributes(f.Text))).ToList());
        return new SyntheticProject(compilation, plainCompilation, firstService + (services / 2), firstPlain + (services / 2));
    }

    /// <summary>The project after an edit to one service's attribute values; <paramref name="variant"/> alternates the edit.</summary>
    public CSharpCompilation WithServiceEdit(int variant) => Replace(EditedServiceTree, "Weight = 3", "Weight = " + (4 + variant).ToString(CultureInfo.InvariantCulture));

    /// <summary>The project after an edit to a method body that has nothing to do with egress.</summary>
    public CSharpCompilation WithUnrelatedEdit(int variant) => Replace(UnrelatedTree, "return 42;", "return " + (43 + variant).ToString(CultureInfo.InvariantCulture) + ";");

    private CSharpCompilation Replace(SyntaxTree tree, string find, string replace)
    {
        var text = tree.GetText().ToString();
        return Compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace(find, replace, StringComparison.Ordinal))));
    }

    private static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> files) =>
        CSharpCompilation.Create(
            "Synthetic",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, f.Path)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static string GatewaySource(int gateway, int services)
    {
        var hosts = Enumerable.Range(gateway * 10, Math.Min(10, services - (gateway * 10))).Select(s => $"\"svc{s}.example.com\"");
        return $$"""
            using EgressDsl;
            namespace Synthetic.Gateways;

            [EgressGateway(Name = "egress-{{gateway}}", Namespace = "istio-system")]
            [GatewayServer(80, "http", PortProtocol.Http, {{string.Join(", ", hosts)}})]
            public partial class Gateway{{gateway}};
            """;
    }

    private static string ServiceSource(int service) => $$"""
        using EgressDsl;
        namespace Synthetic.Services;

        [ExternalService("svc{{service}}.example.com", Name = "svc-{{service}}", Namespace = "egress", Resolution = ServiceResolution.Static, Location = ServiceLocation.MeshExternal)]
        [ServicePort(443, "https", PortProtocol.Http)]
        [Endpoint("10.{{service / 250 % 250}}.{{service % 250}}.1", Labels = ["version=v1"], Ports = ["https=443"], Weight = 3)]
        [Endpoint("10.{{service / 250 % 250}}.{{service % 250}}.2", Labels = ["version=v2"], Ports = ["https=443"])]
        [Subset("v1", "version=v1")]
        [Subset("v2", "version=v2")]
        [TlsOrigination(TlsMode.Mutual, Port = 443, ClientCertificate = "/etc/certs/svc{{service}}.crt", PrivateKey = "/etc/certs/svc{{service}}.key", CaCertificates = "/etc/certs/ca.crt")]
        public partial class Service{{service}};

        [EgressRoute(typeof(Service{{service}}), Through = typeof(Synthetic.Gateways.Gateway{{service / 10}}), Port = 80)]
        [HttpRoute(Headers = ["want=v1"], Subset = "v1")]
        [HttpRoute(Headers = ["want=v2"], Subset = "v2")]
        [HttpRoute(UriPrefix = "/", Subset = "v1")]
        public partial class Service{{service}}Route
        {
            public int Calls { get; set; }
        }
        """;

    private static string PlainSource(int index) => $$"""
        namespace Synthetic.Domain;

        public sealed class Model{{index}}
        {
            public string Name { get; set; } = "model{{index}}";

            public int Compute(int input)
            {
                var total = 0;
                for (var i = 0; i < input; i++)
                {
                    total += i * {{index % 7 + 1}};
                }

                return total > 0 ? total : Answer();
            }

            private static int Answer()
            {
                return 42;
            }
        }
        """;

    private static string StripAttributes(string text)
    {
        var builder = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (!line.TrimStart().StartsWith('['))
            {
                builder.Append(line).Append('\n');
            }
        }

        return builder.ToString();
    }
}
