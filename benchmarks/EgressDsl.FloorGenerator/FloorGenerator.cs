using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EgressDsl.Benchmarks
{
    /// <summary>
    /// The floor Roslyn sets: the same three ForAttributeWithMetadataName lookups with a transform that does nothing and
    /// no output. No generator over these attributes can be cheaper than this.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class FloorGenerator : IIncrementalGenerator
    {
        private static readonly string[] RoleAttributes = { "EgressDsl.ExternalServiceAttribute", "EgressDsl.EgressGatewayAttribute", "EgressDsl.EgressRouteAttribute" };

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            foreach (var name in RoleAttributes)
            {
                var values = context.SyntaxProvider.ForAttributeWithMetadataName(name, static (node, _) => node is ClassDeclarationSyntax, static (_, _) => 0);
                context.RegisterSourceOutput(values.Collect(), static (_, _) => { });
            }
        }
    }
}
