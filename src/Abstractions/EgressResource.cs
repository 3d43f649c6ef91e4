namespace EgressDsl
{
    /// <summary>One generated Kubernetes resource, as listed by the generated <c>EgressCatalog</c>.</summary>
    public sealed class EgressResource
    {
        /// <summary>Creates the description of a generated resource.</summary>
        public EgressResource(string kind, string apiVersion, string name, string @namespace, string path, string yaml)
        {
            Kind = kind;
            ApiVersion = apiVersion;
            Name = name;
            Namespace = @namespace;
            Path = path;
            Yaml = yaml;
        }

        /// <summary>The kind, such as <c>ServiceEntry</c>.</summary>
        public string Kind { get; }

        /// <summary>The apiVersion, such as <c>networking.istio.io/v1</c>.</summary>
        public string ApiVersion { get; }

        /// <summary>The name.</summary>
        public string Name { get; }

        /// <summary>The namespace, or an empty string when none is written.</summary>
        public string Namespace { get; }

        /// <summary>The file the build writes it to, relative to the manifests folder, such as <c>istio/service-entry.se-nginx-ext.yaml</c>.</summary>
        public string Path { get; }

        /// <summary>The YAML document.</summary>
        public string Yaml { get; }

        /// <inheritdoc />
        public override string ToString() => Kind + "/" + Name;
    }
}
