using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Model;
using EgressDsl.Generator.Parsing;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// What the Kubernetes Gateway API form cannot write, refused on the argument that asks for it (EGRESS400): a rule dropped on
    /// the way would be a silently wrong manifest. (A route from another namespace than its Gateway's attaches: KubernetesGatewayHops
    /// has the listeners allow it.)
    /// <see cref="GatewayApiShapes"/> decides what maps; these checks and the emitter both ask it.
    /// </summary>
    internal static class GatewayApiChecks
    {
        /// <summary>
        /// A [GatewayEgress] whose gateway is in the Kubernetes form but whose combination has no Gateway API recipe: one EGRESS400
        /// on the intent's argument, and its route, gateway and upstream left out without a diagnostic of their own.
        /// </summary>
        public static void CheckIntents(EgressClassModel[] sorted, Dictionary<string, EgressClassModel> byName, IssueList issues)
        {
            foreach (var model in sorted)
            {
                if (model.GatewayApiForm is not { Model: null, Refusal: { } refusal } form
                    || !byName.TryGetValue(form.GatewayMetadataName, out var gateway) || gateway.Gateway?.Api != GatewayApi.Kubernetes)
                {
                    continue;
                }

                var className = model.Identity.MetadataName;
                var intentClass = className.IndexOf('/') is var companion and >= 0 ? className.Substring(0, companion) : className;
                if (intentClass == className)
                {
                    issues.Add(DiagnosticDescriptors.NoGatewayApiEquivalent, className, ResolutionIssue.RoleAttribute, refusal.Argument,
                        null,
                        "[GatewayEgress] " + refusal.What, ProjectResolver.ShortName(className), refusal.Reason);
                }
                else
                {
                    issues.Add(DiagnosticDescriptors.NotGenerated, className, ResolutionIssue.RoleAttribute, null, null, intentClass,
                        "errors in its intent");
                }
            }
        }

        public static void CheckGateways(EgressClassModel[] sorted, IssueList issues)
        {
            foreach (var model in sorted)
            {
                if (model.Gateway is not { Api: GatewayApi.Kubernetes } gateway || issues.IsRefused(model.Identity.MetadataName))
                {
                    continue;
                }

                var className = model.Identity.MetadataName;
                var shortName = ProjectResolver.ShortName(className);
                foreach (var argument in gateway.IstioOnlyArguments)
                {
                    issues.Add(DiagnosticDescriptors.NoGatewayApiEquivalent, className, ResolutionIssue.RoleAttribute, argument, null,
                        "[EgressGateway] " + argument, shortName,
                        "Istio deploys a Gateway API gateway itself, as '" + GatewayApiShapes.DeploymentName(gateway.Name) + "' with its "
                            + "own pods and Service; leave " + argument + " out");
                }

                for (var i = 0; i < gateway.Servers.Count; i++)
                {
                    if (GatewayApiShapes.ServerProblem(gateway.Servers[i]) is { } problem)
                    {
                        issues.AddAt(DiagnosticDescriptors.NoGatewayApiEquivalent, className, AttributeNames.GatewayServer, i,
                            problem.Argument, problem.Element,
                            "[GatewayServer] " + problem.Argument, shortName, problem.Reason);
                    }
                }

                if (gateway.DestinationRule is { Subsets.IsEmpty: false })
                {
                    issues.AddAt(DiagnosticDescriptors.NoGatewayApiEquivalent, className, AttributeNames.Subset, 0, "Name", null,
                        "A subset of the gateway's Service", shortName,
                        "a route's backendRefs name the Service '" + GatewayApiShapes.DeploymentName(gateway.Name) + "', never a subset of "
                            + "it; put the traffic policy on the DestinationRule itself (leave Subset out of [TlsOrigination] and "
                            + "[LoadBalancer])");
                }
            }
        }

        /// <summary>
        /// Certificates read from files by a traffic policy that applies at a gateway in the Kubernetes form (EGRESS403, a warning):
        /// Istio deploys that gateway itself, and nothing mounts the files into its pods. Once per [TlsOrigination], on the service
        /// the routes through such a gateway send to.
        /// </summary>
        public static void CheckCertificateFiles(EgressClassModel[] sorted, Dictionary<string, EgressClassModel> byName, IssueList issues)
        {
            var reported = new HashSet<(string, int)>();
            foreach (var model in sorted)
            {
                if (model.Route is not { GatewayMetadataName: { } gatewayName } route
                    || !byName.TryGetValue(gatewayName, out var gatewayClass)
                    || gatewayClass.Gateway is not { Api: GatewayApi.Kubernetes } gateway
                    || !byName.TryGetValue(route.ForwardToMetadataName ?? route.ServiceMetadataName, out var serviceClass)
                    || serviceClass.Service?.DestinationRule is not { } rule
                    || !rule.WorkloadSelector.All(label => gateway.Selector.Contains(label)))
                {
                    continue;
                }

                for (var t = 0; t < rule.Tls.Count; t++)
                {
                    var tls = rule.Tls[t];
                    var argument = tls.ClientCertificate is not null ? "ClientCertificate"
                        : tls.PrivateKey is not null ? "PrivateKey"
                        : tls.CaCertificates is not null ? "CaCertificates"
                        : null;
                    var path = tls.ClientCertificate ?? tls.PrivateKey ?? tls.CaCertificates;
                    if (tls.Mode is TlsMode.Simple or TlsMode.Mutual && argument is not null && path is not null
                        && reported.Add((serviceClass.Identity.MetadataName, t)))
                    {
                        issues.AddAt(DiagnosticDescriptors.CertificateFileAtDeployedGateway, serviceClass.Identity.MetadataName,
                            AttributeNames.TlsOrigination, t, argument, null, argument, path, gateway.Name,
                            GatewayApiShapes.DeploymentName(gateway.Name));
                    }
                }
            }
        }

        /// <summary>
        /// A TLS origination scoped by WorkloadSelector to pods other than those of the Kubernetes-form gateway its routes go
        /// through (EGRESS404, a warning). The gateway's Istio-form selector was already rewritten (KubernetesGatewayHops); any
        /// selector left misses the pods Istio deploys.
        /// </summary>
        public static void CheckOriginationSelectors(EgressClassModel[] sorted, Dictionary<string, EgressClassModel> byName,
            IssueList issues)
        {
            var reported = new HashSet<string>();
            foreach (var model in sorted)
            {
                if (model.Route is not { GatewayMetadataName: { } gatewayName } route
                    || !byName.TryGetValue(gatewayName, out var gatewayClass)
                    || gatewayClass.Gateway is not { Api: GatewayApi.Kubernetes } gateway
                    || !byName.TryGetValue(route.ForwardToMetadataName ?? route.ServiceMetadataName, out var serviceClass)
                    || serviceClass.Service?.DestinationRule is not { WorkloadSelector.IsEmpty: false } rule
                    || !rule.Tls.Any(t => t.Mode is TlsMode.Simple or TlsMode.Mutual)
                    || rule.WorkloadSelector.All(label => gateway.Selector.Contains(label))
                    || !reported.Add(serviceClass.Identity.MetadataName))
                {
                    continue;
                }

                issues.AddAt(DiagnosticDescriptors.OriginationMissesDeployedGateway, serviceClass.Identity.MetadataName,
                    AttributeNames.DestinationRule, 0, "WorkloadSelector", null,
                    string.Join(",", rule.WorkloadSelector.Select(l => l.Key + "=" + l.Value)), gateway.Name,
                    string.Join(",", gateway.Selector.Select(l => l.Key + "=" + l.Value)));
            }
        }

        /// <summary>Checks a route written in the Gateway API form (through a gateway in that form, or directly by the project's
        /// default).</summary>
        public static void CheckRoute(string className, ResolvedRoute resolved, IssueList issues)
        {
            var route = resolved.Route;
            var shortName = ProjectResolver.ShortName(className);
            const int root = ResolutionIssue.RoleAttribute;
            void Refuse(int ordinal, string? argument, int? element, string what, string reason) =>
                issues.Add(DiagnosticDescriptors.NoGatewayApiEquivalent, className, ordinal, argument, element, what, shortName, reason);

            if (route.GatewaySubset is not null)
            {
                Refuse(root, "GatewaySubset", null, "[EgressRoute] GatewaySubset",
                    "the sidecar's hop goes to the gateway's Service '" + GatewayApiShapes.DeploymentName(resolved.Gateway?.Name
                    ?? string.Empty) + "', which a route cannot split into subsets; leave GatewaySubset out");
            }

            if (!route.ExportTo.IsEmpty)
            {
                Refuse(root, "ExportTo", null, "[EgressRoute] ExportTo", "a route applies where its parents are; leave ExportTo out");
            }

            // Through a gateway, the sidecars' hop to such a host is a VirtualService (ResolvedRoute.MeshHopIsVirtualService).
            if (resolved.Service is { WritesServiceEntry: false, KubernetesService: null } && resolved.Gateway is null)
            {
                Refuse(root, "Service", null, "A route to a [MeshHost] without [KubernetesService] and without a gateway",
                    "a route from the sidecars is bound to a ServiceEntry or a Kubernetes Service; add the host's [KubernetesService], "
                        + "or route it through an egress gateway (Through), whose sidecar hop is then a VirtualService, as in Istio's "
                        + "Gateway API tab for an in-cluster Service");
            }

            foreach (var kind in new[] { RouteKind.Tls, RouteKind.Tcp })
            {
                var ofKind = route.Rules.Where(r => r.Kind == kind).ToList();
                if (ofKind.Count > 1)
                {
                    Refuse(ofKind[1].AttributeOrdinal, null, null, "A second [" + (kind == RouteKind.Tls ? "TlsRoute" : "TcpRoute") + "]",
                        "a " + GatewayApiShapes.RouteKindName(kind) + " has one rule; route the hosts through separate classes");
                }
            }

            for (var i = 0; i < route.Rules.Count; i++)
            {
                // The implicit catch-all rule of a route without rule attributes is reported on [EgressRoute].
                var ordinal = route.Rules[i].AttributeOrdinal < 0 ? root : route.Rules[i].AttributeOrdinal;
                CheckRule(route.Rules[i], resolved.DestinationPorts[i], resolved.Destination,
                    (argument, element, what, reason) => Refuse(ordinal, ordinal == root ? null : argument, element, what, reason));
            }
        }

        private static void CheckRule(RouteRuleModel rule, int destinationPort, ExternalServiceModel destination,
            System.Action<string?, int?, string, string> refuse)
        {
            var attribute = rule.AttributeOrdinal < 0 ? "The route's implicit rule" : rule.Kind switch
            {
                RouteKind.Tls => "[TlsRoute]",
                RouteKind.Tcp => "[TcpRoute]",
                _ => "[HttpRoute]"
            };

            if (rule.Port != 0)
            {
                refuse("Port", null, attribute + " Port",
                    "a route matches the ports of the listeners it is bound to, not per rule; route the port with [EgressRoute] "
                        + "GatewayPort");
            }

            // A subset SubsetBackends could not lower: one refusal for the rule, on the first such subset.
            for (var d = 0; d < rule.Destinations.Count; d++)
            {
                if (rule.Destinations[d] is { Subset: { } subset, BackendHost: null }
                    && SubsetBackends.Problem(destination, subset) is { } problem)
                {
                    var split = rule.Destinations.Count > 1;
                    refuse(split ? "Split" : "Subset", split ? d : null, attribute + " subset '" + subset + "'", problem);
                    break;
                }
            }

            for (var h = 0; h < rule.Headers.Count; h++)
            {
                if (rule.Headers[h].Kind == StringMatchKind.Prefix)
                {
                    refuse("Headers", h, attribute + " header prefix '" + rule.Headers[h].Name + "^=" + rule.Headers[h].Value + "'",
                        "a header match is Exact or RegularExpression; write it as a regex (name~=^prefix.*)");
                }
            }

            if (rule.Uri is { Kind: StringMatchKind.Prefix } uri && uri.Value != "/")
            {
                refuse("UriPrefix", null, attribute + " UriPrefix '" + uri.Value + "'",
                    "the Gateway API's PathPrefix matches whole path segments (it takes "
                        + "'" + uri.Value.TrimEnd('/') + "' and '" + uri.Value.TrimEnd('/') + "/x' but not "
                        + "'" + uri.Value.TrimEnd('/') + "x'), Istio's prefix any string; use UriRegex");
            }

            if (rule.Timeout is { } timeout && !GatewayApiShapes.IsGatewayApiDuration(timeout))
            {
                refuse("Timeout", null, attribute + " Timeout '" + timeout + "'",
                    "the Gateway API writes durations as whole h, m, s or ms, such as 1500ms");
            }

            if (destinationPort == 0)
            {
                refuse("DestinationPort", null, attribute + " without a destination port",
                    "a backendRef needs a port; set DestinationPort");
            }
        }
    }
}
