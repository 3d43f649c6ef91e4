using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Emit.Documents;
using EgressDsl.Generator.Emit.Mesh;
using EgressDsl.Generator.Helpers;

namespace EgressDsl.Generator.Emit.Envoy
{
    /// <summary>Small pieces of Envoy's proto3 JSON that every Envoy emitter needs.</summary>
    internal static class EnvoyNodes
    {
        /// <summary>An empty message, <c>{}</c>: in proto3 JSON a present-but-empty message is not the same as an absent one.</summary>
        public static readonly MappingNode EmptyObject = new MappingBuilder().Build();

        /// <summary>A <c>google.protobuf.Any</c> in JSON form: <c>@type</c> first, then the message's fields.</summary>
        public static MappingNode Any(string typeUrl, MappingBuilder? fields = null)
        {
            var builder = new MappingBuilder().Add("@type", typeUrl);
            if (fields is not null)
            {
                foreach (var entry in fields.Build().Entries)
                {
                    builder.Add(entry.Key, entry.Value);
                }
            }

            return builder.Build();
        }

        /// <summary>A named extension with a typed config, the shape of filters, transport sockets and predicates.</summary>
        public static MappingNode Extension(string name, string typeUrl, MappingBuilder? fields = null) =>
            new MappingBuilder().Add("name", name).Add("typed_config", Any(typeUrl, fields)).Build();

        /// <summary>An address: a socket address, or a pipe for <c>unix://</c> endpoints.</summary>
        public static MappingNode Address(string address, int port)
        {
            if (address.StartsWith("unix://", System.StringComparison.Ordinal))
            {
                return Nodes.Map("pipe", Nodes.Map("path", address.Substring("unix://".Length)));
            }

            return Nodes.Map("socket_address", new MappingBuilder().Add("address", address).Add("port_value", port).Build());
        }

        /// <summary>A <c>uint64</c> or <c>int64</c>: proto3 JSON writes 64-bit integers as strings.</summary>
        public static ScalarNode Integer64(long value) => ScalarNode.Text(value.ToString(CultureInfo.InvariantCulture));

        public static SequenceNode Sequence(IEnumerable<DocumentNode> items) => new(items.ToEquatableArray());

        /// <summary>The locality of an endpoint group, from <c>region/zone/subzone</c>; <c>{}</c> when none is set.</summary>
        public static MappingNode Locality(string? locality)
        {
            if (string.IsNullOrEmpty(locality))
            {
                return EmptyObject;
            }

            var parts = locality!.Split('/');
            return new MappingBuilder()
                .Add("region", parts[0])
                .Add("zone", parts.Length > 1 ? parts[1] : null)
                .Add("sub_zone", parts.Length > 2 ? parts[2] : null)
                .Build();
        }

        /// <summary>Adds <c>cluster</c> for one destination, <c>weighted_clusters</c> for a split.</summary>
        public static MappingBuilder AddDestinations(this MappingBuilder builder, IReadOnlyList<RoutingDestination> destinations, System.Func<RoutingDestination, string>? clusterName = null)
        {
            clusterName ??= d => d.Cluster;
            return builder.AddDestinations(destinations, destinations.Select(clusterName).ToList());
        }

        /// <summary>The same, with each destination's cluster named already (<paramref name="clusterNames"/>, in the destinations' order).</summary>
        public static MappingBuilder AddDestinations(this MappingBuilder builder, IReadOnlyList<RoutingDestination> destinations, IReadOnlyList<string> clusterNames)
        {
            if (destinations.Count == 1)
            {
                return builder.Add("cluster", clusterNames[0]);
            }

            var clusters = destinations.Select((d, i) => (DocumentNode)new MappingBuilder().Add("name", clusterNames[i]).Add("weight", d.Weight).Build());
            return builder.Add("weighted_clusters", Nodes.Map("clusters", Sequence(clusters)));
        }

        /// <summary>A TCP proxy filter to one cluster or a weighted split; the statistics prefix is the cluster name, as Istio writes it.</summary>
        public static MappingNode TcpProxy(IReadOnlyList<RoutingDestination> destinations, System.Func<RoutingDestination, string>? clusterName = null)
        {
            clusterName ??= d => d.Cluster;
            var statPrefix = destinations.Count == 1 ? clusterName(destinations[0]) : string.Join(",", destinations.Select(clusterName));
            var fields = new MappingBuilder().Add("stat_prefix", statPrefix).AddDestinations(destinations, clusterName);
            return Extension(EnvoyTypes.TcpProxyName, EnvoyTypes.TcpProxy, fields);
        }
    }
}
