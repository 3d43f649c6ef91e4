using EgressDsl.Generated;

Console.WriteLine($"# EgressDsl: {EgressCatalog.Resources.Count} resources, Istio API {EgressCatalog.IstioApiVersion}");
Console.Write(EgressCatalog.IstioYaml);
