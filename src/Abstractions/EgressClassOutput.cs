using System;
using System.Collections.Generic;

namespace EgressDsl
{
    /// <summary>
    /// What EgressDsl generated from one class: its Istio and Kubernetes resources and, for a service whose routes choose a
    /// subset by header, those headers. Get it with the generated <c>EgressDsl.Generated.EgressCatalog.For&lt;T&gt;()</c>.
    /// </summary>
    public sealed class EgressClassOutput
    {
        private readonly Lazy<string> yaml;
        private readonly Dictionary<string, KeyValuePair<string, string>[]> subsetHeaders;

        internal EgressClassOutput(
            IReadOnlyList<EgressResource> resources,
            Dictionary<string, KeyValuePair<string, string>[]> subsetHeaders)
        {
            Resources = resources;
            this.subsetHeaders = subsetHeaders;
            yaml = new Lazy<string>(() => EgressManifestReader.JoinDocuments(resources));
        }

        /// <summary>
        /// Every resource of the class as one multi-document YAML, separated by <c>---</c> as in the build's istio.yaml.
        /// </summary>
        public string Yaml => yaml.Value;

        /// <summary>
        /// Every resource of the class (kind, API version, name, namespace, the file the build writes and its YAML), ordered
        /// by path.
        /// </summary>
        public IReadOnlyList<EgressResource> Resources { get; }

        /// <summary>
        /// The request headers that make the class's routes send to <paramref name="subset"/>, for a service whose routes
        /// choose a subset by exact header matches. A new array on every call.
        /// </summary>
        /// <param name="subset">The subset's name, as in the class's DestinationRule.</param>
        /// <exception cref="ArgumentException">No route selects the subset by header (also for a class that has no such route).</exception>
        public KeyValuePair<string, string>[] SubsetHeaders(string subset)
        {
            if (subset is not null && subsetHeaders.TryGetValue(subset, out var headers))
            {
                return (KeyValuePair<string, string>[])headers.Clone();
            }

            throw new ArgumentException("No route selects subset '" + subset + "' by header.", nameof(subset));
        }
    }
}
