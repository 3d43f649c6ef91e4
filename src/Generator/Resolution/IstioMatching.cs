using System;
using System.Collections.Generic;
using System.Linq;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;

namespace EgressDsl.Generator.Resolution
{
    /// <summary>
    /// Istio's matching rules between resources of different classes: which gateway servers accept a host, which
    /// VirtualServices may bind to a server, and which exported resources can see each other.
    /// </summary>
    internal static class IstioMatching
    {
        /// <summary>Whether two resources are visible in a common namespace, given their exportTo lists and namespaces.</summary>
        public static bool ExportScopesOverlap(
            EquatableArray<string> exportA, string? namespaceA, EquatableArray<string> exportB, string? namespaceB)
        {
            var a = ExportedNamespaces(exportA, namespaceA);
            var b = ExportedNamespaces(exportB, namespaceB);
            return a is null || b is null || a.Overlaps(b);
        }

        /// <summary>The namespaces a resource is exported to, or null for every namespace (no exportTo, or <c>*</c>).</summary>
        private static HashSet<string>? ExportedNamespaces(EquatableArray<string> exportTo, string? ns)
        {
            if (exportTo.IsEmpty || exportTo.Contains("*"))
            {
                return null;
            }

            // An unset namespace is kubectl's current one: the same unknown namespace for every class of the project.
            return new HashSet<string>(
                exportTo.Where(e => e != "~").Select(e => e == "." ? ns ?? string.Empty : e), StringComparer.Ordinal);
        }

        /// <summary>
        /// Gateway host matching: <c>ns/host</c> is reduced to its host, <c>*</c> matches anything, <c>*.x</c> matches names
        /// under x.
        /// </summary>
        public static bool ServerAcceptsHost(GatewayServerModel server, string host, string? gatewayNamespace)
        {
            _ = gatewayNamespace;
            foreach (var entry in server.Hosts)
            {
                var slash = entry.IndexOf('/');
                var serverHost = slash >= 0 ? entry.Substring(slash + 1) : entry;
                if (HostNames.Matches(serverHost, host))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether a VirtualService in <paramref name="routeNamespace"/> for the host can bind to the server: <c>./host</c>
        /// admits VirtualServices in the gateway's namespace only, <c>ns/host</c> those in ns. An unset namespace is
        /// kubectl's current one; when only one side is unset nothing is known, so the server is given the benefit of the doubt.
        /// </summary>
        public static bool ServerBindsRoute(GatewayServerModel server, string host, string? gatewayNamespace, string? routeNamespace)
        {
            foreach (var entry in server.Hosts)
            {
                var slash = entry.IndexOf('/');
                var serverHost = slash >= 0 ? entry.Substring(slash + 1) : entry;
                if (!HostNames.Matches(serverHost, host))
                {
                    continue;
                }

                var hostNamespace = slash >= 0 ? entry.Substring(0, slash) : "*";
                var admits = hostNamespace switch
                {
                    "*" => true,
                    "." => gatewayNamespace == routeNamespace || gatewayNamespace is null || routeNamespace is null,
                    _ => routeNamespace is null || routeNamespace == hostNamespace,
                };
                if (admits)
                {
                    return true;
                }
            }

            return false;
        }

        public static bool AnyHostMatches(EquatableArray<string> patterns, string host)
        {
            foreach (var pattern in patterns)
            {
                if (HostNames.Matches(pattern, host))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool AcceptsAnyHost(GatewayServerModel server, ExternalServiceModel service, string? gatewayNamespace)
        {
            foreach (var host in service.Hosts)
            {
                if (ServerAcceptsHost(server, host, gatewayNamespace))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool BindsAnyHost(
            GatewayServerModel server, ExternalServiceModel service, string? gatewayNamespace, string? routeNamespace)
        {
            foreach (var host in service.Hosts)
            {
                if (ServerBindsRoute(server, host, gatewayNamespace, routeNamespace))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
