namespace EgressDsl.Analyzer.Tests;

/// <summary>
/// For every diagnostic the analyzer reports: sources where it fires, with <c>{|ID:...|}</c> around the exact text it
/// must sit on, and sources where it must not fire (the same setup, corrected). Every case starts with
/// <see cref="Api"/>, a valid service the routes can use.
/// </summary>
internal static class DiagnosticCases
{
    public const string Api = """
        [ExternalService("api.example.com", Resolution = ServiceResolution.Dns)]
        [ServicePort(443, "https", PortProtocol.Https)]
        public partial class Api;

        """;

    private const string Static = """[ExternalService("s.example.com", Resolution = ServiceResolution.Static)][ServicePort(80, "http", PortProtocol.Http)]""";

    private const string Gateway = """[EgressGateway][GatewayServer(80, "http", PortProtocol.Http, "api.example.com")] public partial class Gw;""";

    private const string Versions = """[ExternalService("versioned.example.com", Resolution = ServiceResolution.Static)][ServicePort(80, "http", PortProtocol.Http)][Endpoint("10.0.0.1", Labels = ["version=v1"])][Endpoint("10.0.0.2", Labels = ["version=v2"])][Subset("v1", "version=v1")][Subset("v2", "version=v2")] public partial class Versioned;""";

    /// <summary>(ID, source with markup): the diagnostic fires exactly where marked.</summary>
    public static readonly (string Id, string Source)[] Firing =
    {
        ("EGRESS001", """[ExternalService({|EGRESS001:"api..example.com"|})] public partial class Bad;"""),
        ("EGRESS001", """[ExternalService({|EGRESS001:"*.wild.example.com"|}, Resolution = ServiceResolution.Dns)][ServicePort(443, "https", PortProtocol.Https)] public partial class Bad;"""),
        ("EGRESS002", """[ExternalService("a.example.com", Addresses = ["10.0.0.1", {|EGRESS002:"10.0.0.256"|}])] public partial class Bad;"""),
        ("EGRESS002", """[ExternalService("a.example.com", Resolution = ServiceResolution.Static)][ServicePort(80, "http", PortProtocol.Http)][ServicePort(81, "http-b", PortProtocol.Http)][Endpoint({|EGRESS002:"unix:///var/run/a.sock"|})] public partial class Bad;"""),
        ("EGRESS003", """[ExternalService("a.example.com")][ServicePort({|EGRESS003:0|}, "http")] public partial class Bad;"""),
        ("EGRESS004", """[ExternalService("a.example.com")][ServicePort(80, "http")][ServicePort({|EGRESS004:80|}, "http-alt")] public partial class Bad;"""),
        ("EGRESS005", """[ExternalService("a.example.com", Name = {|EGRESS005:""|})] public partial class Bad;"""),
        ("EGRESS006", """[ExternalService("a.example.com")][Subset("v1", {|EGRESS006:"version"|})] public partial class Bad;"""),
        ("EGRESS007", """[ExternalService("a.example.com", Resolution = {|EGRESS007:(ServiceResolution)42|})] public partial class Bad;"""),
        ("EGRESS008", """public class Plain; [EgressRoute({|EGRESS008:typeof(Plain)|})] public partial class Bad;"""),
        ("EGRESS009", """[ExternalService("a.example.com", ExportTo = [".", {|EGRESS009:"*"|}])] public partial class Bad;"""),
        ("EGRESS009", """[ExternalService("a.example.com")][DestinationRule(WorkloadSelector = ["app=a"], ExportTo = [{|EGRESS009:"*"|}])][Subset("v1")] public partial class Bad;"""),
        ("EGRESS009", """[EgressGateway][GatewayServer(80, "http", PortProtocol.Http, "a.example.com", Tls = {|EGRESS009:ServerTlsMode.Simple|}, CredentialName = "cert")] public partial class Bad;"""),
        ("EGRESS009", """[EgressGateway][GatewayServer(443, "https", PortProtocol.Https, "a.example.com", Tls = ServerTlsMode.Simple, CredentialName = "cert", ServerCertificate = {|EGRESS009:"/c.pem"|})] public partial class Bad;"""),
        ("EGRESS010", """[ExternalService("a.example.com")][{|EGRESS010:EgressGateway|}][GatewayServer(80, "http", PortProtocol.Http, "a.example.com")] public partial class Bad;"""),
        ("EGRESS011", """[{|EGRESS011:ServicePort(80, "http")|}] public partial class Bad;"""),
        ("EGRESS012", """[ExternalService("a.example.com")][TlsOrigination(TlsMode.Mutual, ClientCertificate = "/c.pem", PrivateKey = {|EGRESS012:"-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"|})] public partial class Bad;"""),
        ("EGRESS013", """[ExternalService("a.example.com")][TlsOrigination(TlsMode.Simple, Sni = {|EGRESS013:"bell\u0007"|})] public partial class Bad;"""),
        ("EGRESS014", """[ExternalService("a.example.com")][TlsOrigination({|EGRESS014:TlsMode.Mutual|})] public partial class Bad;"""),
        ("EGRESS014", """[EgressGateway][GatewayServer(443, "https", PortProtocol.Https, "a.example.com", Tls = {|EGRESS014:ServerTlsMode.Mutual|}, ServerCertificate = "/c.pem", PrivateKey = "/k.pem")] public partial class Bad;"""),
        ("EGRESS015", """[ExternalService("a.example.com")] public class {|EGRESS015:Bad|};"""),
        ("EGRESS016", """[ExternalService("a.example.com", Name = "same")] public partial class A1; [ExternalService("b.example.com", Name = {|EGRESS016:"same"|})] public partial class B1;"""),
        ("EGRESS020", """[EgressRoute(typeof(Api))][HttpRoute(Subset = {|EGRESS020:"v2"|})] public partial class Bad;"""),
        ("EGRESS020", """[ExternalService("a.example.com")][TlsOrigination(TlsMode.Simple, CaCertificates = "/ca.pem", Subset = {|EGRESS020:"v9"|})] public partial class Bad;"""),
        ("EGRESS021", """[ExternalService("m.example.com")][ServicePort(80, "http")][ServicePort(8080, "http-alt")] public partial class Multi; [EgressRoute(typeof(Multi))][{|EGRESS021:HttpRoute(UriPrefix = "/")|}] public partial class Bad;"""),
        ("EGRESS022", """[EgressRoute(typeof(Api))][HttpRoute(DestinationPort = {|EGRESS022:8443|})] public partial class Bad;"""),
        ("EGRESS023", """[EgressGateway][GatewayServer(80, "http", PortProtocol.Http, "other.example.com")] public partial class Gw; [EgressRoute(typeof(Api), Through = typeof(Gw))][{|EGRESS023:HttpRoute|}] public partial class Bad;"""),
        ("EGRESS023", """[EgressGateway(Namespace = "istio-system")][GatewayServer(80, "http", PortProtocol.Http, "./api.example.com")] public partial class Gw; [EgressRoute(typeof(Api), Through = typeof(Gw), Namespace = "apps")][{|EGRESS023:HttpRoute|}] public partial class Bad;"""),
        ("EGRESS024", """[EgressGateway][GatewayServer(8080, "http", PortProtocol.Http, "api.example.com")] public partial class Gw; [EgressRoute(typeof(Api), Through = {|EGRESS024:typeof(Gw)|})][HttpRoute] public partial class Bad;"""),
        ("EGRESS024", """[EgressGateway][GatewayServer(80, "https", PortProtocol.Https, "api.example.com", Tls = ServerTlsMode.IstioMutual)][Subset("api")][TlsOrigination(TlsMode.Simple, Subset = "api", CaCertificates = "/ca.pem")] public partial class Gw; [EgressRoute(typeof(Api), Through = typeof(Gw), GatewaySubset = {|EGRESS024:"api"|})][HttpRoute] public partial class Bad;"""),
        ("EGRESS025", """[ExternalService("*.wild.example.com", "api.wild.example.com")][ServicePort(443, "https", PortProtocol.Https)] public partial class Wild; [EgressRoute({|EGRESS025:typeof(Wild)|})][HttpRoute] public partial class Bad;"""),
        ("EGRESS026", """[EgressRoute(typeof(Api))][TlsRoute({|EGRESS026:"other.example.com"|})] public partial class Bad;"""),
        ("EGRESS027", """[EgressRoute(typeof(Api))][HttpRoute] public partial class ARoute; [EgressRoute({|EGRESS027:typeof(Api)|})][HttpRoute] public partial class BRoute;"""),
        ("EGRESS028", """[EgressRoute(typeof(Api), Port = {|EGRESS028:8080|})][HttpRoute] public partial class Bad;"""),
        ("EGRESS028", Gateway + """ [EgressRoute(typeof(Api), Through = typeof(Gw))][HttpRoute(Port = {|EGRESS028:8081|})] public partial class Bad;"""),
        ("EGRESS030", Static + """[Endpoint("10.0.0.1", Labels = ["version=v1"])][Subset("v2", {|EGRESS030:"version=v2"|})] public partial class Bad;"""),
        ("EGRESS030", Static + """[Endpoint("10.0.0.1", Labels = ["version=v1"])][Endpoint("10.0.0.2", Labels = ["track=canary"])][Subset("c", "version=v1", {|EGRESS030:"track=canary"|})] public partial class Bad;"""),
        ("EGRESS031", """[ExternalService("a.example.com")][Subset({|EGRESS031:"all"|})] public partial class Bad;"""),
        ("EGRESS032", """[ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][TlsOrigination(TlsMode.Simple, Port = {|EGRESS032:8443|}, CaCertificates = "/ca.pem")] public partial class Bad;"""),
        ("EGRESS032", """[ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][LoadBalancer(LoadBalancerAlgorithm.Random, Port = {|EGRESS032:80|})] public partial class Bad;"""),
        ("EGRESS033", """[ExternalService("db.example.com")][ServicePort(5432, "tcp-db", {|EGRESS033:PortProtocol.Tcp|})] public partial class Bad;"""),
        ("EGRESS034", """[ExternalService("nginx.external.svc.cluster.local")][ServicePort(80, "http", PortProtocol.Http)][KubernetesService(Name = {|EGRESS034:"nginx"|}, Namespace = "external")] public partial class Bad;"""),
        ("EGRESS035", """[ExternalService("a.example.com")][ServicePort(80, {|EGRESS035:"web"|}, PortProtocol.Http)][KubernetesService] public partial class Bad;"""),
        ("EGRESS035", """[ExternalService("a.example.com")][ServicePort(80, {|EGRESS035:"tcp"|}, PortProtocol.Tcp)][KubernetesService(ExternalName = "a.example.com")] public partial class Bad;"""),
        ("EGRESS036", """[ExternalService("a.example.com", "b.example.com", Resolution = ServiceResolution.Dns, Addresses = ["10.1.0.1"])][ServicePort(5432, "tcp-db", {|EGRESS036:PortProtocol.Tcp|})] public partial class Bad;"""),
        ("EGRESS037", """[ExternalService("a.example.com", Resolution = ServiceResolution.None, WorkloadSelector = {|EGRESS037:["app=a"]|})][ServicePort(80, "http", PortProtocol.Http)] public partial class Bad;"""),
        ("EGRESS040", """[ExternalService("dup.example.com")][ServicePort(443, "https", PortProtocol.Https)] public partial class A1; [ExternalService({|EGRESS040:"dup.example.com"|}, Name = "b1")][ServicePort(443, "https", PortProtocol.Https)] public partial class B1;"""),
        ("EGRESS041", """[ExternalService("dup.example.com")][ServicePort(443, "https", PortProtocol.Https)] public partial class A1; [ExternalService("dup.example.com", Name = "b1")][ServicePort(443, "tls", {|EGRESS041:PortProtocol.Tls|})] public partial class B1;"""),
        ("EGRESS042", """[ExternalService("dr.example.com")][ServicePort(443, "https", PortProtocol.Https)][Subset("v1")] public partial class A1; [ExternalService("dr.example.com", Name = "b1")][ServicePort(8443, "https-b", PortProtocol.Https)][{|EGRESS042:DestinationRule(Name = "b1-rule")|}][Subset("v1")] public partial class B1;"""),
        ("EGRESS050", """[ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][TlsOrigination({|EGRESS050:TlsMode.Simple|})] public partial class Bad;"""),
        ("EGRESS050", """[ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][Subset("v1")][TlsOrigination(TlsMode.Simple, CaCertificates = "/ca.pem")][TlsOrigination({|EGRESS050:TlsMode.Mutual|}, Subset = "v1", ClientCertificate = "/c.pem", PrivateKey = "/k.pem")] public partial class Bad;"""),
        ("EGRESS051", """[ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][TlsOrigination(TlsMode.Simple, InsecureSkipVerify = {|EGRESS051:true|})] public partial class Bad;"""),
        ("EGRESS052", """[ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][TlsOrigination(TlsMode.IstioMutual, CaCertificates = {|EGRESS052:"/ca.pem"|}, Sni = "a.example.com")] public partial class Bad;"""),
        ("EGRESS053", """[ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][TlsOrigination(TlsMode.Simple, CredentialName = {|EGRESS053:"a-ca"|})] public partial class Bad;"""),
        ("EGRESS054", """[ExternalService("a.example.com")][ServicePort(443, "web", {|EGRESS054:PortProtocol.Http|})] public partial class Bad;"""),
        ("EGRESS054", """[ExternalService("a.example.com")][ServicePort(8443, "http-tls", {|EGRESS054:PortProtocol.Http|})] public partial class Bad;"""),
        ("EGRESS055", """[EgressGateway][GatewayServer(443, "tls", PortProtocol.Tls, "a.example.com", Tls = ServerTlsMode.Passthrough, CredentialName = {|EGRESS055:"cert"|})] public partial class Bad;"""),
        ("EGRESS070", """[EgressRoute(typeof(Api))][HttpRoute][{|EGRESS070:HttpRoute(UriPrefix = "/x")|}] public partial class Bad;"""),
        ("EGRESS070", """[EgressRoute(typeof(Api))][HttpRoute(UriPrefix = "/v1/")][{|EGRESS070:HttpRoute(UriExact = "/v1/items")|}] public partial class Bad;"""),
        ("EGRESS070", """[EgressRoute(typeof(Api))][HttpRoute(Headers = ["x=1"])][{|EGRESS070:HttpRoute(Headers = ["x=1"])|}] public partial class Bad;"""),
        ("EGRESS071", Versions + """ [EgressRoute(typeof(Versioned))][HttpRoute(Split = [{|EGRESS071:"v1=50"|}])] public partial class Bad;"""),
        ("EGRESS072", Versions + """ [EgressRoute(typeof(Versioned))][HttpRoute(Split = ["v1=100", {|EGRESS072:"v2=0"|}])] public partial class Bad;"""),
        ("EGRESS090", """[EgressGateway][GatewayServer({|EGRESS090:9999|}, "http", PortProtocol.Http, "api.example.com")] public partial class Bad;"""),
        ("EGRESS091", """[EgressGateway(Name = "g1")][GatewayServer(80, "http", PortProtocol.Http, "api.example.com")] public partial class G1; [EgressGateway(Name = "g2")][GatewayServer(80, "http-b", PortProtocol.Http, {|EGRESS091:"api.example.com"|})] public partial class G2;"""),
        ("EGRESS092", """[EgressGateway(Name = "g1")][GatewayServer(80, "http", PortProtocol.Http, "api.example.com")] public partial class G1; [EgressGateway(Name = "g2")][GatewayServer(80, "http-b", PortProtocol.Http, {|EGRESS092:"*.example.com"|})] public partial class G2;"""),
        ("EGRESS093", """[EgressGateway(Name = "g1")][GatewayServer(443, "https", PortProtocol.Https, "a.example.com", Tls = ServerTlsMode.Simple, CredentialName = "shared")] public partial class G1; [EgressGateway(Name = "g2")][GatewayServer(443, "https-b", PortProtocol.Https, "b.example.com", Tls = ServerTlsMode.Simple, CredentialName = {|EGRESS093:"shared"|})] public partial class G2;"""),
    };

    /// <summary>(ID, source): the corrected setups, where the diagnostic must not fire.</summary>
    public static readonly (string Id, string Source)[] Quiet =
    {
        ("EGRESS001", """[ExternalService("api.example.com")] public partial class Good;"""),
        ("EGRESS001", """[ExternalService("*.wild.example.com", Resolution = ServiceResolution.Dns)][ServicePort(443, "https", PortProtocol.Https)][Endpoint("backend.example.com")] public partial class Good;"""),
        ("EGRESS002", """[ExternalService("a.example.com", Addresses = ["10.0.0.1", "10.0.0.0/24"])] public partial class Good;"""),
        ("EGRESS002", """[ExternalService("a.example.com", Resolution = ServiceResolution.Static)][ServicePort(80, "http", PortProtocol.Http)][Endpoint("unix:///var/run/a.sock")] public partial class Good;"""),
        ("EGRESS003", """[ExternalService("a.example.com")][ServicePort(80, "http")] public partial class Good;"""),
        ("EGRESS004", """[ExternalService("a.example.com")][ServicePort(80, "http")][ServicePort(81, "http-alt")] public partial class Good;"""),
        ("EGRESS005", """[ExternalService("a.example.com", Name = "a-example")] public partial class Good;"""),
        ("EGRESS006", """[ExternalService("a.example.com")][Subset("v1", "version=v1")] public partial class Good;"""),
        ("EGRESS007", """[ExternalService("a.example.com", Resolution = ServiceResolution.Dns)] public partial class Good;"""),
        ("EGRESS008", """[EgressRoute(typeof(Api))] public partial class Good;"""),
        ("EGRESS009", """[ExternalService("a.example.com", ExportTo = ["*"])][DestinationRule(WorkloadSelector = ["app=a"], ExportTo = ["."])][Subset("v1")] public partial class Good;"""),
        ("EGRESS009", """[EgressGateway][GatewayServer(443, "https", PortProtocol.Https, "a.example.com", Tls = ServerTlsMode.Simple, CredentialName = "cert")] public partial class Good;"""),
        ("EGRESS010", """[ExternalService("a.example.com")] public partial class Good;"""),
        ("EGRESS011", """[ExternalService("a.example.com")][ServicePort(80, "http")] public partial class Good;"""),
        ("EGRESS012", """[ExternalService("a.example.com")][TlsOrigination(TlsMode.Mutual, ClientCertificate = "/c.pem", PrivateKey = "/k.pem")] public partial class Good;"""),
        ("EGRESS013", """[ExternalService("a.example.com")][TlsOrigination(TlsMode.Simple, Sni = "a.example.com")] public partial class Good;"""),
        ("EGRESS014", """[ExternalService("a.example.com")][TlsOrigination(TlsMode.Mutual, CredentialName = "client")] public partial class Good;"""),
        ("EGRESS014", """[EgressGateway][GatewayServer(443, "https", PortProtocol.Https, "a.example.com", Tls = ServerTlsMode.Mutual, ServerCertificate = "/c.pem", PrivateKey = "/k.pem", CaCertificates = "/ca.pem")] public partial class Good;"""),
        ("EGRESS015", """[ExternalService("a.example.com")] public partial class Good;"""),
        ("EGRESS016", """[ExternalService("a.example.com", Name = "a")] public partial class A1; [ExternalService("b.example.com", Name = "b")] public partial class B1;"""),
        ("EGRESS020", """[ExternalService("s.example.com")][ServicePort(80, "http")][Subset("v2")] public partial class Svc; [EgressRoute(typeof(Svc))][HttpRoute(Subset = "v2")] public partial class Good;"""),
        ("EGRESS021", """[ExternalService("m.example.com")][ServicePort(80, "http")][ServicePort(8080, "http-alt")] public partial class Multi; [EgressRoute(typeof(Multi))][HttpRoute(UriPrefix = "/", DestinationPort = 80)] public partial class Good;"""),
        ("EGRESS022", """[EgressRoute(typeof(Api))][HttpRoute(DestinationPort = 443)] public partial class Good;"""),
        ("EGRESS023", Gateway + """ [EgressRoute(typeof(Api), Through = typeof(Gw))][HttpRoute] public partial class Good;"""),
        ("EGRESS023", """[EgressGateway(Namespace = "istio-system")][GatewayServer(80, "http", PortProtocol.Http, "apps/api.example.com")] public partial class Gw; [EgressRoute(typeof(Api), Through = typeof(Gw), Namespace = "apps")][HttpRoute] public partial class Good;"""),
        ("EGRESS024", Gateway + """ [EgressRoute(typeof(Api), Through = typeof(Gw))][HttpRoute] public partial class Good;"""),
        ("EGRESS024", """[EgressGateway][GatewayServer(80, "https", PortProtocol.Https, "api.example.com", Tls = ServerTlsMode.IstioMutual)][Subset("api")][TlsOrigination(TlsMode.IstioMutual, Subset = "api")] public partial class Gw; [EgressRoute(typeof(Api), Through = typeof(Gw), GatewaySubset = "api")][HttpRoute] public partial class Good;"""),
        ("EGRESS025", """[ExternalService("*.wild.example.com", "wild.example.com")][ServicePort(443, "https", PortProtocol.Https)] public partial class Wild; [EgressRoute(typeof(Wild))][HttpRoute] public partial class Good;"""),
        ("EGRESS026", """[EgressRoute(typeof(Api))][TlsRoute("api.example.com")] public partial class Good;"""),
        ("EGRESS027", """[ExternalService("other.example.com")][ServicePort(443, "https", PortProtocol.Https)] public partial class Other; [EgressRoute(typeof(Api))][HttpRoute] public partial class ARoute; [EgressRoute(typeof(Other))][HttpRoute] public partial class BRoute;"""),
        ("EGRESS028", """[EgressRoute(typeof(Api), Port = 443)][HttpRoute] public partial class Good;"""),
        ("EGRESS028", Gateway + """ [EgressRoute(typeof(Api), Through = typeof(Gw), Port = 80)][HttpRoute(Port = 80)] public partial class Good;"""),
        ("EGRESS030", Static + """[Endpoint("10.0.0.1", Labels = ["version=v1"])][Endpoint("10.0.0.2", Labels = ["version=v2"])][Subset("v2", "version=v2")] public partial class Good;"""),
        ("EGRESS030", """[ExternalService("vm.example.com", Resolution = ServiceResolution.Static, WorkloadSelector = ["app=vm"])][ServicePort(80, "http", PortProtocol.Http)][Subset("v1", "app=vm", "version=v1")] public partial class Good;"""),
        ("EGRESS031", """[ExternalService("a.example.com")][Subset("v1", "version=v1")] public partial class Good;"""),
        ("EGRESS032", """[ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][TlsOrigination(TlsMode.Simple, Port = 443, CaCertificates = "/ca.pem")][LoadBalancer(LoadBalancerAlgorithm.Random, Port = 443)] public partial class Good;"""),
        ("EGRESS033", """[ExternalService("db.example.com", Addresses = ["10.2.0.1"])][ServicePort(5432, "tcp-db", PortProtocol.Tcp)] public partial class Good;"""),
        ("EGRESS034", """[ExternalService("nginx.example.com")][ServicePort(80, "http", PortProtocol.Http)][KubernetesService(Name = "nginx", Namespace = "external")] public partial class Good;"""),
        ("EGRESS035", """[ExternalService("a.example.com")][ServicePort(80, "http-web", PortProtocol.Http)][KubernetesService] public partial class Good;"""),
        ("EGRESS036", """[ExternalService("a.example.com", "b.example.com", Resolution = ServiceResolution.Dns)][ServicePort(443, "tls", PortProtocol.Tls)] public partial class Good;"""),
        ("EGRESS037", """[ExternalService("a.example.com", Resolution = ServiceResolution.Static, WorkloadSelector = ["app=a"])][ServicePort(80, "http", PortProtocol.Http)] public partial class Good;"""),
        ("EGRESS040", """[ExternalService("one.example.com")][ServicePort(443, "https", PortProtocol.Https)] public partial class A1; [ExternalService("two.example.com")][ServicePort(443, "https", PortProtocol.Https)] public partial class B1;"""),
        ("EGRESS041", """[ExternalService("dup.example.com")][ServicePort(443, "https", PortProtocol.Https)] public partial class A1; [ExternalService("dup.example.com", Name = "b1")][ServicePort(8443, "tls", PortProtocol.Tls)] public partial class B1;"""),
        ("EGRESS042", """[ExternalService("dr.example.com")][ServicePort(443, "https", PortProtocol.Https)][Subset("v1")] public partial class A1; [ExternalService("dr2.example.com", Name = "b1")][ServicePort(443, "https", PortProtocol.Https)][DestinationRule(Name = "b1-rule")][Subset("v1")] public partial class B1;"""),
        ("EGRESS050", """[ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][TlsOrigination(TlsMode.Simple, CaCertificates = "/ca.pem")] public partial class Good;"""),
        ("EGRESS051", """[ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][TlsOrigination(TlsMode.Simple, CaCertificates = "/ca.pem", InsecureSkipVerify = false)] public partial class Good;"""),
        ("EGRESS052", """[ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][TlsOrigination(TlsMode.IstioMutual, Sni = "a.example.com", SubjectAltNames = ["spiffe://cluster.local/ns/a/sa/a"])] public partial class Good;"""),
        ("EGRESS053", """[ExternalService("a.example.com")][ServicePort(443, "https", PortProtocol.Https)][DestinationRule(WorkloadSelector = ["istio=egressgateway"])][TlsOrigination(TlsMode.Simple, CredentialName = "a-ca")] public partial class Good;"""),
        ("EGRESS054", """[ExternalService("a.example.com")][ServicePort(443, "http-tls", PortProtocol.Http)][TlsOrigination(TlsMode.Simple, Port = 443, CaCertificates = "/ca.pem")] public partial class Good;"""),
        ("EGRESS055", """[EgressGateway][GatewayServer(443, "tls", PortProtocol.Tls, "a.example.com", Tls = ServerTlsMode.Passthrough)] public partial class Good;"""),
        ("EGRESS070", """[EgressRoute(typeof(Api))][HttpRoute(UriPrefix = "/x")][HttpRoute] public partial class Good;"""),
        ("EGRESS070", """[EgressRoute(typeof(Api))][HttpRoute(Headers = ["x=1"])][HttpRoute(Headers = ["x=2"])] public partial class Good;"""),
        ("EGRESS071", Versions + """ [EgressRoute(typeof(Versioned))][HttpRoute(Split = ["v1=50", "v2=50"])] public partial class Good;"""),
        ("EGRESS072", Versions + """ [EgressRoute(typeof(Versioned))][HttpRoute(Split = ["v1=90", "v2=10"])] public partial class Good;"""),
        ("EGRESS090", """[EgressGateway][GatewayServer(80, "http", PortProtocol.Http, "api.example.com")][GatewayServer(8443, "https", PortProtocol.Https, "b.example.com", Tls = ServerTlsMode.Passthrough)] public partial class Good;"""),
        ("EGRESS091", """[EgressGateway(Name = "g1")][GatewayServer(80, "http", PortProtocol.Http, "api.example.com")] public partial class G1; [EgressGateway(Name = "g2", Selector = ["istio=other-egress"])][GatewayServer(80, "http", PortProtocol.Http, "api.example.com")] public partial class G2;"""),
        ("EGRESS092", """[EgressGateway(Name = "g1")][GatewayServer(80, "http", PortProtocol.Http, "api.example.com")] public partial class G1; [EgressGateway(Name = "g2")][GatewayServer(80, "http-b", PortProtocol.Http, "*.other.example")] public partial class G2;"""),
        ("EGRESS093", """[EgressGateway(Name = "g1")][GatewayServer(443, "https", PortProtocol.Https, "a.example.com", Tls = ServerTlsMode.Simple, CredentialName = "a-cert")] public partial class G1; [EgressGateway(Name = "g2")][GatewayServer(443, "https-b", PortProtocol.Https, "b.example.com", Tls = ServerTlsMode.Simple, CredentialName = "b-cert")] public partial class G2;"""),
    };
}
