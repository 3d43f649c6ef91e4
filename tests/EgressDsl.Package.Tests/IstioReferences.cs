using EgressDsl.Testing;

namespace EgressDsl.Package.Tests;

/// <summary>
/// Checks that the cross-object references in a set of Istio objects (as <c>kubectl kustomize</c> prints them) resolve:
/// what Istio would silently ignore when a reference points at nothing.
/// </summary>
internal static class IstioReferences
{
    /// <summary>One line per reference that names nothing; empty when every reference resolves.</summary>
    /// <remarks>
    /// A VirtualService's gateways (<c>ns/name</c>, or a bare name in its own namespace) name a Gateway; a route's
    /// destination host and subset name a DestinationRule subset for that host; a DestinationRule host
    /// <c>name.ns.svc.cluster.local</c> of a Service in the set names that Service in that namespace; exportTo entries are
    /// <c>.</c>, <c>*</c> or a namespace name. An object without a namespace is in the namespace it is applied to (null here).
    /// </remarks>
    internal static IReadOnlyList<string> Unresolved(IReadOnlyList<YamlTree> objects)
    {
        var problems = new List<string>();
        var gateways = new HashSet<(string? Namespace, string Name)>(objects.Where(Is("Gateway")).Select(Identity));
        var services = objects.Where(Is("Service")).Select(Identity).ToList();
        var subsets = objects.Where(Is("DestinationRule"))
            .SelectMany(rule => (rule["spec"]?["subsets"]?.Items ?? Array.Empty<YamlTree>()).Select(subset => (Host: rule["spec"]!["host"]!.AsString!, Subset: subset["name"]!.AsString!)))
            .ToHashSet();

        foreach (YamlTree service in objects.Where(Is("VirtualService")))
        {
            (string? ownNamespace, string name) = Identity(service);
            YamlTree spec = service["spec"]!;
            IEnumerable<YamlTree> matchGateways = new[] { "http", "tls", "tcp" }
                .SelectMany(protocol => spec[protocol]?.Items ?? Array.Empty<YamlTree>())
                .SelectMany(route => route["match"]?.Items ?? Array.Empty<YamlTree>())
                .SelectMany(match => match["gateways"]?.Items ?? Array.Empty<YamlTree>());
            foreach (string reference in (spec["gateways"]?.Items ?? Array.Empty<YamlTree>()).Concat(matchGateways).Select(item => item.AsString!).Distinct())
            {
                if (reference == "mesh")
                {
                    continue;
                }

                int slash = reference.IndexOf('/');
                (string? Namespace, string Name) target = slash < 0 ? (ownNamespace, reference) : (reference[..slash], reference[(slash + 1)..]);
                if (!gateways.Contains(target))
                {
                    problems.Add($"VirtualService {ownNamespace}/{name}: gateway '{reference}' names no Gateway");
                }
            }

            IEnumerable<YamlTree> destinations = new[] { "http", "tls", "tcp" }
                .SelectMany(protocol => spec[protocol]?.Items ?? Array.Empty<YamlTree>())
                .SelectMany(route => route["route"]?.Items ?? Array.Empty<YamlTree>())
                .Select(route => route["destination"]!);
            foreach (YamlTree destination in destinations)
            {
                if (destination["subset"]?.AsString is string subset && !subsets.Contains((destination["host"]!.AsString!, subset)))
                {
                    problems.Add($"VirtualService {ownNamespace}/{name}: subset '{subset}' of '{destination["host"]!.AsString}' is in no DestinationRule");
                }
            }
        }

        foreach (YamlTree rule in objects.Where(Is("DestinationRule")))
        {
            string host = rule["spec"]!["host"]!.AsString!;
            string[] labels = host.Split('.');
            if (labels.Length == 5 && host.EndsWith(".svc.cluster.local", StringComparison.Ordinal)
                && services.Any(service => service.Name == labels[0]) && !services.Contains((labels[1], labels[0])))
            {
                problems.Add($"DestinationRule {Identity(rule)}: host '{host}' names a Service that is not in namespace '{labels[1]}'");
            }
        }

        foreach (YamlTree item in objects)
        {
            foreach (YamlTree entry in item["spec"]?["exportTo"]?.Items ?? Array.Empty<YamlTree>())
            {
                string value = entry.AsString!;
                if (value != "." && value != "*" && !System.Text.RegularExpressions.Regex.IsMatch(value, "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"))
                {
                    problems.Add($"{item["kind"]!.AsString} {Identity(item)}: exportTo '{value}' is not a namespace");
                }
            }
        }

        return problems;
    }

    private static Func<YamlTree, bool> Is(string kind) => item => item["kind"]?.AsString == kind;

    private static (string? Namespace, string Name) Identity(YamlTree item) =>
        (item["metadata"]!["namespace"]?.AsString, item["metadata"]!["name"]!.AsString!);
}
