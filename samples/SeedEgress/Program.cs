using EgressDsl.Generated;

// Prints what the build embedded: every resource, then the whole multi-document YAML that the build also wrote to
// bin/<configuration>/<tfm>/egress/istio.yaml.
Console.WriteLine($"# EgressDsl: {EgressCatalog.Resources.Count} resources, Istio API {EgressCatalog.IstioApiVersion}");
foreach (var resource in EgressCatalog.Resources)
{
    Console.WriteLine($"#   {resource.Kind,-16} {resource.Namespace,-10} {resource.Name,-22} -> {resource.Path}");
}

Console.WriteLine($"# The route's gateway hop alone: {SeedEgress.NginxRoute.Egress.GatewayVirtualService.Name}");
Console.WriteLine();
Console.Write(EgressCatalog.IstioYaml);
