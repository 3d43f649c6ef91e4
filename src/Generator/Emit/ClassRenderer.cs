using System.Linq;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Istio;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Resolution;

namespace EgressDsl.Generator.Emit
{
    /// <summary>Resolved class to YAML text: the Istio emitter builds the objects, the YAML writer serialises them.</summary>
    internal static class ClassRenderer
    {
        public static RenderedClass Render(ResolvedClass resolved)
        {
            var resources = IstioEmitter.Emit(resolved)
                .Select(resource => new RenderedResource(
                    resource.Kind,
                    resource.ApiVersion,
                    resource.Name,
                    resource.Namespace ?? string.Empty,
                    resource.Path,
                    YamlWriter.Write(resource.Document)))
                .ToEquatableArray();
            return RenderedClass.Of(resolved.Class.Identity, resources);
        }
    }
}
