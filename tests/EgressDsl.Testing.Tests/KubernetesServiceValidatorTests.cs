using System.Collections.Generic;
using Xunit;
using static EgressDsl.Testing.Tests.TestSupport;

namespace EgressDsl.Testing.Tests;

/// <summary>The core v1 Service validator: KubernetesClient's strict reader plus Kubernetes typing and rules.</summary>
public class KubernetesServiceValidatorTests
{
    private const string Service = """
        apiVersion: v1
        kind: Service
        metadata:
          name: nginx
          namespace: external
          labels:
            app: nginx
        spec:
          ports:
          - port: 443
            name: http-tls
          selector:
            app: nginx

        """;

    private static IReadOnlyList<ValidationError> Check(string yaml) => KubernetesServiceValidator.ValidateDetailed(yaml);

    public static IEnumerable<object[]> ValidVariants() => new[]
    {
        new object[] { Service },
        new object[] { Service.Swap("    name: http-tls\n", "    name: http-tls\n    targetPort: https\n    protocol: TCP\n    appProtocol: https\n") },
        new object[] { Service.Swap("    name: http-tls\n", "    name: http-tls\n    targetPort: 8443\n  - port: 80\n    name: http\n") },
        new object[] { Service.Swap("  ports:\n", "  type: NodePort\n  ports:\n").Swap("    name: http-tls\n", "    name: http-tls\n    nodePort: 30443\n") },
        new object[] { "apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\nspec:\n  type: ExternalName\n  externalName: api.example.com\n" },
        new object[] { Service.Swap("  selector:", "  clusterIP: None\n  selector:") },
        new object[] { Service.Swap("  name: nginx\n", "  name: nginx\n  creationTimestamp: null\n") },
    };

    [Theory]
    [MemberData(nameof(ValidVariants))]
    public void Valid_services_pass(string yaml) => AssertValid(KubernetesServiceValidator.Validate(yaml));

    [Fact]
    public void Unknown_field_is_reported_with_its_path_and_by_KubernetesClient()
    {
        var errors = Check(Service.Swap("selector:", "selectr:"));
        Assert.Equal(2, errors.Count);
        AssertHas(errors, "spec.selectr", ValidationErrorKind.UnknownField, "unknown field \"selectr\" in V1ServiceSpec");
        AssertHas(errors, "<root>", ValidationErrorKind.Type, "KubernetesClient strict deserialization failed: Property 'selectr' not found");
    }

    [Fact]
    public void Quoted_port_is_a_string_even_though_KubernetesClient_accepts_it()
        => AssertSingle(Check(Service.Swap("port: 443", "port: \"443\"")), "spec.ports[0].port", ValidationErrorKind.Type, "expected integer but found \"443\" (string)");

    [Fact]
    public void Integer_label_values_are_refused()
        => AssertSingle(Check(Service.Swap("app: nginx\nspec", "app: 1\nspec")), "metadata.labels[app]", ValidationErrorKind.Type, "expected string but found 1 (integer)");

    [Fact]
    public void Wrong_shape_is_reported_by_both_layers()
    {
        var errors = Check(Service.Swap("  ports:\n  - port: 443\n    name: http-tls\n", "  ports:\n    port: 443\n"));
        AssertHas(errors, "spec.ports", ValidationErrorKind.Type, "expected array");
        AssertHas(errors, "<root>", ValidationErrorKind.Type, "KubernetesClient strict deserialization failed");
    }

    [Fact]
    public void Missing_port_number()
    {
        var errors = Check(Service.Swap("  - port: 443\n    name: http-tls\n", "  - name: http-tls\n"));
        AssertHas(errors, "spec.ports[0].port", ValidationErrorKind.Required, "Required value");
    }

    [Fact]
    public void Port_out_of_range()
        => AssertSingle(Check(Service.Swap("port: 443", "port: 70000")), "spec.ports[0].port", ValidationErrorKind.Semantic, "must be between 1 and 65535");

    [Fact]
    public void Several_ports_need_names()
        => AssertSingle(Check(Service.Swap("    name: http-tls\n", "    name: http-tls\n  - port: 80\n")), "spec.ports[1].name", ValidationErrorKind.Required, "every port needs a name");

    [Fact]
    public void Port_names_are_unique()
        => AssertSingle(Check(Service.Swap("    name: http-tls\n", "    name: http-tls\n  - port: 80\n    name: http-tls\n")), "spec.ports[1].name", ValidationErrorKind.Semantic, "Duplicate value");

    [Fact]
    public void Port_names_are_DNS_labels()
        => AssertSingle(Check(Service.Swap("name: http-tls", "name: HTTP_TLS")), "spec.ports[0].name", ValidationErrorKind.Semantic, "RFC 1123 label");

    [Fact]
    public void Protocol_is_an_enum()
        => AssertSingle(Check(Service.Swap("    name: http-tls\n", "    name: http-tls\n    protocol: HTTP\n")), "spec.ports[0].protocol", ValidationErrorKind.Value, "Unsupported value: \"HTTP\"");

    [Fact]
    public void Named_target_port_must_be_an_IANA_name()
        => AssertSingle(Check(Service.Swap("    name: http-tls\n", "    name: http-tls\n    targetPort: \"8443\"\n")), "spec.ports[0].targetPort", ValidationErrorKind.Semantic, "at least one letter");

    [Fact]
    public void Node_port_needs_a_node_port_type()
        => AssertSingle(Check(Service.Swap("    name: http-tls\n", "    name: http-tls\n    nodePort: 30443\n")), "spec.ports[0].nodePort", ValidationErrorKind.Semantic, "may not be used when `type` is 'ClusterIP'");

    [Fact]
    public void Ports_are_required()
        => AssertSingle(Check(Service.Swap("  ports:\n  - port: 443\n    name: http-tls\n", string.Empty)), "spec.ports", ValidationErrorKind.Required, "at least one port");

    [Fact]
    public void Service_type_is_an_enum()
        => AssertSingle(Check(Service.Swap("  ports:\n", "  type: Internal\n  ports:\n")), "spec.type", ValidationErrorKind.Value, "Unsupported value: \"Internal\"");

    [Theory]
    [InlineData("1nginx")]
    [InlineData("nginx.external")]
    public void Service_names_are_DNS_1035_labels(string name)
    {
        var errors = Check(Service.Swap("name: nginx", $"name: {name}"));
        AssertHas(errors, "metadata.name", ValidationErrorKind.Metadata, "DNS-1035 label");
    }

    [Fact]
    public void ApiVersion_and_kind_must_be_v1_Service()
    {
        var errors = Check(Service.Swap("apiVersion: v1", "apiVersion: apps/v1").Swap("kind: Service", "kind: Deployment"));
        AssertHas(errors, "apiVersion", ValidationErrorKind.Resource, "must be \"v1\"");
        AssertHas(errors, "kind", ValidationErrorKind.Resource, "must be \"Service\"");
    }

    [Fact]
    public void Yaml_1_1_ambiguity_is_refused()
        => AssertSingle(Check(Service.Swap("namespace: external", "namespace: \"external\"\n  annotations:\n    enabled: on")), "metadata.annotations[enabled]", ValidationErrorKind.Yaml, "boolean in YAML 1.1");

    [Fact]
    public void Invalid_yaml_is_reported()
        => Assert.Equal(ValidationErrorKind.Yaml, Assert.Single(Check("apiVersion: v1\nkind: Service\n  bad: indent\n")).Kind);
}
