using EgressDsl.Generator.Parsing;
using Xunit;

namespace EgressDsl.Generator.Tests;

/// <summary>Issue 16, finding 11: values Kubernetes, Istio or HTTP would refuse, and the valid forms that must pass.</summary>
public class KubernetesValueTests
{
    [Theory]
    [InlineData("client-credential")]
    [InlineData("client.credential-2")]
    [InlineData("kubernetes://client-credential")]
    [InlineData("kubernetes://istio-system/client-credential")]
    [InlineData("kubernetes-gateway://istio-system/client-credential")]
    [InlineData("configmap://istio-system/ca-bundle")]
    [InlineData("builtin://")]
    [InlineData("sds://my-sds-resource")]
    [InlineData("sds://spiffe://cluster.local/ns/a/sa/b")]
    public void Credential_names_istio_reads_pass(string value) => Assert.Null(Validation.CheckCredentialName(value));

    [Theory]
    [InlineData("Client_Credential")]
    [InlineData("client credential")]
    [InlineData("")]
    [InlineData("kubernetes://")]
    [InlineData("kubernetes://Bad/name")]
    [InlineData("kubernetes://ns/Bad")]
    [InlineData("sds://")]
    [InlineData("sds://a b")]
    [InlineData("user:password")]
    public void Credential_names_kubernetes_or_istio_refuse_fail(string value) => Assert.NotNull(Validation.CheckCredentialName(value));

    [Fact]
    public void A_credential_name_of_254_characters_fails_and_of_253_passes()
    {
        var name = string.Join(".", new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 61));
        Assert.Null(Validation.CheckCredentialName(name));
        Assert.NotNull(Validation.CheckCredentialName(name + "e"));
    }

    [Theory]
    [InlineData("prod", true)]
    [InlineData("a\tb", true)]
    [InlineData("a\nb", false)]
    [InlineData("a\rb", false)]
    [InlineData("a\0b", false)]
    [InlineData("a\u007fb", false)]
    public void Header_values_refuse_control_characters_but_tab(string value, bool valid) =>
        Assert.Equal(valid, Validation.CheckHeaderValue(value) is null);

    [Theory]
    [InlineData("0s", false)]
    [InlineData("0.0001s", false)]
    [InlineData("0.999ms", false)]
    [InlineData("1ms", true)]
    [InlineData("0.001s", true)]
    [InlineData("2562047h", true)]
    [InlineData("2562048h", false)]
    [InlineData("999999999h", false)]
    [InlineData("153722867m", true)]
    [InlineData("153722868m", false)]
    public void Durations_are_at_least_1ms_and_within_go_s_range(string value, bool valid) =>
        Assert.Equal(valid, Validation.CheckDuration(value) is null);

    [Fact]
    public void Rules_that_fire_on_a_valid_looking_class()
    {
        OneError.Check("EGRESS001", "[ExternalService(\"a.example.com\")][ServicePort(80, \"http\")][KubernetesService(ExternalName = [|\"API.example.com\"|])] public partial class Limit;");
        OneError.Check("EGRESS009", "[ExternalService(\"a.example.com\")][TlsOrigination(TlsMode.Simple, CaCertificates = \"/ca.pem\", Sni = [|\"10.0.0.1\"|])] public partial class Limit;");
        OneError.Check("EGRESS009", "[ExternalService(\"a.example.com\")][TlsOrigination(TlsMode.Simple, CaCertificates = \"/ca.pem\", Sni = [|\"*.example.com\"|])] public partial class Limit;");
        OneError.Check("EGRESS005", "[EgressGateway][GatewayServer(443, \"https\", PortProtocol.Https, \"a.example.com\", Tls = ServerTlsMode.Simple, CredentialName = [|\"My_Cert\"|])] public partial class Limit;");
    }
}
