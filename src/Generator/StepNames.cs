namespace EgressDsl.Generator
{
    /// <summary>Tracking names of the generator's pipeline steps, for incremental-caching tests and profiling.</summary>
    public static class StepNames
    {
        /// <summary>The MSBuild options.</summary>
        public const string Options = nameof(Options);

        /// <summary>One class's attribute values copied out of the compilation (the <c>ForAttributeWithMetadataName</c> transform).</summary>
        public const string Snapshot = nameof(Snapshot);

        /// <summary>One class's attribute values parsed into a model and diagnostics.</summary>
        public const string Parse = nameof(Parse);

        /// <summary>The models of one role's classes ([ExternalService], [EgressGateway] or [EgressRoute]) without source positions.</summary>
        public const string Model = nameof(Model);

        /// <summary>All models linked to each other.</summary>
        public const string Resolve = nameof(Resolve);

        /// <summary>The resources of a service and its routes, or of one other class, rendered as YAML (one output group).</summary>
        public const string Render = nameof(Render);

        /// <summary>The whole assembly's catalogue.</summary>
        public const string Catalog = nameof(Catalog);

        /// <summary>Whether the compilation references Microsoft.Extensions.Http, which decides the UseEgress extension.</summary>
        public const string HttpClientFactory = nameof(HttpClientFactory);

        /// <summary>The Envoy configuration of every proxy and the standalone bootstrap, built from the resolved project.</summary>
        public const string Envoy = nameof(Envoy);
    }
}
