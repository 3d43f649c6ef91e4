using System;
using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Emit.Mesh
{
    /// <summary>A port of a service as Istio's registry holds it.</summary>
    internal sealed class RegistryPort
    {
        public RegistryPort(int number, string name, TrafficKind kind, bool http2, int targetPort)
        {
            Number = number;
            Name = name;
            Kind = kind;
            Http2 = http2;
            TargetPort = targetPort;
        }

        public int Number { get; }

        public string Name { get; }

        public TrafficKind Kind { get; }

        public bool Http2 { get; }

        /// <summary>The port the endpoints listen on; 0 when it is the service port.</summary>
        public int TargetPort { get; }
    }

    /// <summary>An endpoint of a service: a ServiceEntry endpoint, or a gateway pod.</summary>
    internal sealed class RegistryEndpoint
    {
        public RegistryEndpoint(
            string address,
            EquatableArray<Label> labels,
            EquatableArray<EndpointPortModel> ports,
            string? locality,
            int weight,
            string workload)
        {
            Address = address;
            Labels = labels;
            Ports = ports;
            Locality = locality;
            Weight = weight;
            Workload = workload;
        }

        public string Address { get; }

        public EquatableArray<Label> Labels { get; }

        public EquatableArray<EndpointPortModel> Ports { get; }

        public string? Locality { get; }

        public int Weight { get; }

        /// <summary>The <c>istio.workload</c> endpoint metadata: <c>name;namespace;canonical name;canonical revision;cluster</c>.</summary>
        public string Workload { get; }

        /// <summary>The port traffic for a service port reaches on this endpoint: its own mapping, else the target port, else the
        /// port.</summary>
        public int PortFor(RegistryPort port)
        {
            foreach (var mapping in Ports)
            {
                if (mapping.PortName == port.Name)
                {
                    return mapping.Number;
                }
            }

            return port.TargetPort != 0 ? port.TargetPort : port.Number;
        }

        /// <summary>Istio's subset filter (<c>subsetLabels.SubsetOf(endpoint labels)</c>): every subset label is on the endpoint.</summary>
        public bool HasLabels(EquatableArray<Label> labels) =>
            labels.All(label => Labels.Any(own => own.Key == label.Key && own.Value == label.Value));
    }

    /// <summary>
    /// One host as Istio's service registry sees it. Every host of a ServiceEntry is its own service; the DestinationRule
    /// names the first host only. The egress gateway's Kubernetes Service is a service too: the sidecar routes to it.
    /// </summary>
    internal sealed class RegistryService
    {
        public RegistryService(
            string host,
            string ns,
            string metadataName,
            IReadOnlyList<RegistryPort> ports,
            IReadOnlyList<RegistryEndpoint> endpoints,
            DestinationRuleModel? destinationRule,
            string? destinationRuleNamespace,
            ServiceResolution resolution,
            bool meshInternal,
            IReadOnlyList<string> addresses,
            IReadOnlyList<string> subjectAltNames,
            GatewayModel? gateway)
        {
            Host = host;
            Namespace = ns;
            MetadataName = metadataName;
            Ports = ports;
            Endpoints = endpoints;
            DestinationRule = destinationRule;
            DestinationRuleNamespace = destinationRuleNamespace;
            Resolution = resolution;
            MeshInternal = meshInternal;
            Addresses = addresses;
            SubjectAltNames = subjectAltNames;
            Gateway = gateway;
        }

        public string Host { get; }

        public bool IsWildcard => Host.StartsWith("*", StringComparison.Ordinal);

        /// <summary>The namespace of the ServiceEntry or Kubernetes Service, as the cluster metadata names it.</summary>
        public string Namespace { get; }

        /// <summary>The service's name in <c>istio.services</c>: the host for a ServiceEntry, the Service name for Kubernetes.</summary>
        public string MetadataName { get; }

        public IReadOnlyList<RegistryPort> Ports { get; }

        public IReadOnlyList<RegistryEndpoint> Endpoints { get; }

        public DestinationRuleModel? DestinationRule { get; }

        public string? DestinationRuleNamespace { get; }

        public ServiceResolution Resolution { get; }

        public bool MeshInternal { get; }

        public IReadOnlyList<string> Addresses { get; }

        public IReadOnlyList<string> SubjectAltNames { get; }

        /// <summary>For the egress gateway's own Kubernetes Service: the gateway (its selector labels the pods).</summary>
        public GatewayModel? Gateway { get; }

        public bool IsGatewayService => Gateway is not null;

        public RegistryPort? Port(int number) => Ports.FirstOrDefault(p => p.Number == number);
    }
}
