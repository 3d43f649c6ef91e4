using EgressDsl.Generated;
using EgressDsl.Simulation;

// Prints what the build embedded: every resource, then the whole multi-document YAML that the build also wrote to
// bin/<configuration>/<tfm>/egress/istio.yaml.
Console.WriteLine($"# EgressDsl: {EgressCatalog.Resources.Count} resources, Istio API {EgressCatalog.IstioApiVersion}");
foreach (var resource in EgressCatalog.Resources)
{
    Console.WriteLine($"#   {resource.Kind,-16} {resource.Namespace,-10} {resource.Name,-22} -> {resource.Path}");
}

// One class's resources: the route's two VirtualServices, the sidecar's hop and the gateway's.
var routeResources = EgressCatalog.For<SeedEgress.NginxRoute>().Resources;
Console.WriteLine($"# The route's resources alone: {string.Join(", ", routeResources.Select(r => r.Kind + "/" + r.Name))}");
Console.WriteLine();
Console.Write(EgressCatalog.IstioYaml);

// Then the Envoy configuration Istio would program into each proxy (also written to egress/envoy/), and what those proxies
// do with the seed article's requests. Printed as YAML comments, so the whole output still reads as the manifests.
Console.WriteLine();
if (!EgressCatalog.Envoy.Enabled)
{
    Console.WriteLine("# Envoy output is off (EgressEmitEnvoy=false).");
    return;
}

var proxies = EgressCatalog.Envoy.Proxies.ToDictionary(p => p, p => EnvoyProxy.Parse(p.Json, p.Kind == "sidecar" ? "sidecar" : "gateway " + p.Name, p.ServiceHost));
Console.WriteLine($"# Envoy: {proxies.Count} proxies and a standalone bootstrap ({EgressCatalog.Envoy.BootstrapPath})");
foreach (var (proxy, parsed) in proxies)
{
    Console.WriteLine($"#   {proxy.Kind,-8} {proxy.Name,-13} -> {proxy.Path}: listeners {string.Join(", ", parsed.ListenerNames)}; "
        + $"routes {string.Join(", ", parsed.RouteConfigurationNames)}; {parsed.ClusterNames.Count} clusters");
}

var sidecar = proxies.Single(p => p.Key.Kind == "sidecar").Value;
var gateways = proxies.Where(p => p.Key.Kind == "gateway").Select(p => p.Value).ToList();
foreach (var want in new[] { "v1", "v2", null })
{
    var request = SimulatedRequest.Http("nginx.external.svc.cluster.local", 80);
    if (want is not null)
    {
        request = request.WithHeader("want", want);
    }

    Console.WriteLine("#");
    var chain = ProxyChain.SimulateThroughGateway(sidecar, gateways, request);
    foreach (var line in chain.ToString().Split('\n'))
    {
        Console.WriteLine("# " + line);
    }
}
