using System;
using System.Linq;
using Xunit;
using static EgressDsl.Testing.Tests.TestSupport;

namespace EgressDsl.Testing.Tests;

/// <summary>Each hand-written invalid document is rejected for the right reason; valid variants pass.</summary>
public class CrdSchemaValidatorTests
{
    private const string ServiceEntry = """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: se-api
          namespace: egress
          labels:
            app: api
        spec:
          hosts:
          - api.example.com
          ports:
          - number: 443
            name: tls
            protocol: TLS
          location: MESH_EXTERNAL
          resolution: DNS

        """;

    private const string DestinationRule = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: dr-api
        spec:
          host: api.example.com
          trafficPolicy:
            loadBalancer:
              simple: ROUND_ROBIN
            portLevelSettings:
            - port:
                number: 443
              tls:
                mode: SIMPLE
                sni: api.example.com

        """;

    private static System.Collections.Generic.IReadOnlyList<ValidationError> Check(string yaml) => Validator.ValidateDetailed(yaml);

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta1")]
    [InlineData("v1alpha3")]
    public void Baselines_are_valid_in_every_version(string version)
    {
        AssertValid(Validator.Validate(WithVersion(ServiceEntry, version)));
        AssertValid(Validator.Validate(WithVersion(DestinationRule, version)));
    }

    [Fact]
    public void Unknown_field_at_top_level()
        => AssertSingle(Check(ServiceEntry + "specs: {}\n"), "specs", ValidationErrorKind.UnknownField, "unknown field \"specs\" (did you mean \"spec\"?)");

    [Fact]
    public void Unknown_field_in_spec()
        => AssertSingle(Check(ServiceEntry.Swap("  resolution: DNS", "  resolutions: DNS\n  resolution: DNS")), "spec.resolutions", ValidationErrorKind.UnknownField, "did you mean \"resolution\"?");

    [Fact]
    public void Unknown_field_deep_inside()
        => AssertSingle(
            Check(DestinationRule.Swap("        sni: api.example.com", "        sni: api.example.com\n        caCertificate: /etc/ca.pem")),
            "spec.trafficPolicy.portLevelSettings[0].tls.caCertificate",
            ValidationErrorKind.UnknownField,
            "did you mean \"caCertificates\"?");

    [Fact]
    public void Unknown_field_in_metadata()
        => AssertSingle(Check(ServiceEntry.Swap("  namespace: egress", "  namespace: egress\n  label: x")), "metadata.label", ValidationErrorKind.UnknownField, "unknown field \"label\"");

    [Fact]
    public void Quoted_number_is_a_string_not_an_integer()
        => AssertSingle(Check(ServiceEntry.Swap("number: 443", "number: \"443\"")), "spec.ports[0].number", ValidationErrorKind.Type, "expected integer but found \"443\" (string)");

    [Fact]
    public void Plain_number_is_not_a_string()
        => AssertSingle(Check(ServiceEntry.Swap("name: tls", "name: 443")), "spec.ports[0].name", ValidationErrorKind.Type, "expected string but found 443 (integer)");

    [Fact]
    public void Scalar_where_a_list_is_expected()
        => AssertSingle(Check(ServiceEntry.Swap("  hosts:\n  - api.example.com", "  hosts: api.example.com")), "spec.hosts", ValidationErrorKind.Type, "expected array");

    [Fact]
    public void Boolean_where_an_object_is_expected()
        => AssertSingle(Check(DestinationRule.Swap("      tls:\n        mode: SIMPLE\n        sni: api.example.com", "      tls: true")), "spec.trafficPolicy.portLevelSettings[0].tls", ValidationErrorKind.Type, "expected object but found true (boolean)");

    [Fact]
    public void Map_values_are_validated_by_additionalProperties()
        => AssertSingle(Check(ServiceEntry.Swap("    app: api", "    app: api\n  annotations:\n    note: [a]")), "metadata.annotations[note]", ValidationErrorKind.Type, "expected string");

    [Fact]
    public void Integer_label_values_are_refused()
        => AssertSingle(Check(ServiceEntry.Swap("app: api", "app: 1")), "metadata.labels[app]", ValidationErrorKind.Type, "expected string but found 1 (integer)");

    [Fact]
    public void Endpoint_port_map_values_must_be_integers()
        => AssertSingle(
            Check(ServiceEntry.Swap("resolution: DNS", "resolution: STATIC\n  endpoints:\n  - address: 10.0.0.1\n    ports:\n      tls: \"8443\"")),
            "spec.endpoints[0].ports[tls]",
            ValidationErrorKind.Type,
            "expected integer");

    [Fact]
    public void Null_is_refused_where_the_schema_is_not_nullable()
        => AssertSingle(Check(ServiceEntry.Swap("location: MESH_EXTERNAL", "location: null")), "spec.location", ValidationErrorKind.Type, "not nullable");

    [Fact]
    public void Integers_beyond_the_schema_maximum()
        => AssertSingle(
            Check(DestinationRule.Swap("number: 443", "number: 4294967296")),
            "spec.trafficPolicy.portLevelSettings[0].port.number",
            ValidationErrorKind.Value,
            "must be less than or equal to 4294967295");

    [Fact]
    public void Int32_format_bounds_integers()
        => AssertSingle(
            Check(DestinationRule.Swap("      tls:\n", "      connectionPool:\n        tcp:\n          maxConnections: 2147483648\n      tls:\n")),
            "spec.trafficPolicy.portLevelSettings[0].connectionPool.tcp.maxConnections",
            ValidationErrorKind.Value,
            "out of the int32 range");

    [Fact]
    public void Bad_enum_value()
        => AssertSingle(Check(ServiceEntry.Swap("resolution: DNS", "resolution: dns")), "spec.resolution", ValidationErrorKind.Value, "Unsupported value: \"dns\": supported values: \"NONE\", \"STATIC\", \"DNS\", \"DNS_ROUND_ROBIN\", \"DYNAMIC_DNS\"");

    [Fact]
    public void Bad_enum_value_deep_inside()
        => AssertSingle(Check(DestinationRule.Swap("mode: SIMPLE", "mode: MUTUAL_TLS")), "spec.trafficPolicy.portLevelSettings[0].tls.mode", ValidationErrorKind.Value, "Unsupported value: \"MUTUAL_TLS\"");

    [Fact]
    public void Missing_required_spec_field()
        => AssertSingle(Check(ServiceEntry.Swap("  hosts:\n  - api.example.com\n", string.Empty)), "spec.hosts", ValidationErrorKind.Required, "Required value");

    [Fact]
    public void Missing_required_spec()
    {
        string noSpec = ServiceEntry.Substring(0, ServiceEntry.IndexOf("spec:", StringComparison.Ordinal));
        AssertSingle(Check(noSpec), "spec", ValidationErrorKind.Required, "Required value");
    }

    [Fact]
    public void Missing_required_host_of_a_DestinationRule()
        => AssertSingle(Check(DestinationRule.Swap("  host: api.example.com\n", string.Empty)), "spec.host", ValidationErrorKind.Required, "Required value");

    [Fact]
    public void Missing_required_field_deep_inside()
        => AssertSingle(
            Check(WithVersion(YamlDocuments.Split(SeedYaml)[0], "v1").Swap("      name: http\n", string.Empty)),
            "spec.servers[0].port.name",
            ValidationErrorKind.Required,
            "Required value");

    [Fact]
    public void OneOf_violation_two_exclusive_fields()
        => AssertSingle(
            Check(DestinationRule.Swap("      simple: ROUND_ROBIN", "      simple: ROUND_ROBIN\n      consistentHash:\n        useSourceIp: true")),
            "spec.trafficPolicy.loadBalancer",
            ValidationErrorKind.Composition,
            "only one of [simple, consistentHash] may be set, but simple and consistentHash are set");

    [Fact]
    public void OneOf_violation_inside_allOf()
        => AssertSingle(
            Check(DestinationRule.Swap("      simple: ROUND_ROBIN", "      consistentHash:\n        useSourceIp: true\n        httpHeaderName: x-user")),
            "spec.trafficPolicy.loadBalancer.consistentHash",
            ValidationErrorKind.Composition,
            "only one of [httpHeaderName, httpCookie, useSourceIp, httpQueryParameterName] may be set");

    [Fact]
    public void OneOf_violation_in_a_string_match()
    {
        string vs = WithVersion(YamlDocuments.Split(SeedYaml)[1], "v1").Swap("    - port: 80\n", "    - port: 80\n      uri:\n        exact: /a\n        prefix: /b\n");
        AssertSingle(Check(vs), "spec.http[0].match[0].uri", ValidationErrorKind.Composition, "only one of [exact, prefix, regex] may be set");
    }

    [Fact]
    public void OneOf_allows_none_of_the_exclusive_fields()
        => AssertValid(Validator.Validate(DestinationRule.Swap("    loadBalancer:\n      simple: ROUND_ROBIN\n", "    loadBalancer: {}\n")));

    [Theory]
    [InlineData("sha256: ABC")]
    [InlineData("sha256: \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\\n\"")] // RE2's $ does not match before a final newline
    public void Pattern_is_checked(string sha)
    {
        const string wasm = "apiVersion: extensions.istio.io/v1alpha1\nkind: WasmPlugin\nmetadata:\n  name: p\nspec:\n  url: oci://r/p:1\n";
        AssertValid(Validator.Validate(wasm + "  sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"));
        AssertSingle(Check(wasm + "  " + sha + "\n"), "spec.sha256", ValidationErrorKind.Value, "should match '(^$|^[a-f0-9]{64}$)'");
    }

    [Fact]
    public void MaxItems_is_checked()
    {
        string gateway = WithVersion(YamlDocuments.Split(SeedYaml)[0], "v1")
            .Swap("      protocol: HTTP\n", "      protocol: HTTPS\n    tls:\n      mode: SIMPLE\n      credentialNames: [a, b, c]\n");
        AssertSingle(Check(gateway), "spec.servers[0].tls.credentialNames", ValidationErrorKind.Value, "must have at most 2 items");
    }

    [Fact]
    public void MinItems_is_checked()
    {
        string gateway = WithVersion(YamlDocuments.Split(SeedYaml)[0], "v1")
            .Swap("      protocol: HTTP\n", "      protocol: HTTPS\n    tls:\n      mode: SIMPLE\n      credentialNames: []\n");
        AssertSingle(Check(gateway), "spec.servers[0].tls.credentialNames", ValidationErrorKind.Value, "must have at least 1 items (has 0)");
    }

    [Fact]
    public void MaxLength_is_checked()
        => AssertSingle(
            Check(ServiceEntry.Swap("  resolution: DNS", "  resolution: DNS\n  addresses:\n  - " + new string('a', 65))),
            "spec.addresses[0]",
            ValidationErrorKind.Value,
            "Too long: may not be more than 64 characters (is 65)");

    [Fact]
    public void Nullable_fields_accept_null_and_still_type_other_values()
    {
        string dr = DestinationRule.Swap("    loadBalancer:", "    outlierDetection:\n      consecutive5xxErrors: VALUE\n    loadBalancer:");
        AssertValid(Validator.Validate(dr.Swap("VALUE", "null")));
        AssertValid(Validator.Validate(dr.Swap("VALUE", "5")));
        AssertSingle(Check(dr.Swap("VALUE", "\"5\"")), "spec.trafficPolicy.outlierDetection.consecutive5xxErrors", ValidationErrorKind.Type, "expected integer");
    }

    [Fact]
    public void Map_lists_reject_duplicate_keys()
    {
        const string wasm = "apiVersion: extensions.istio.io/v1alpha1\nkind: WasmPlugin\nmetadata:\n  name: p\nspec:\n  url: oci://r/p:1\n  match:\n  - ports:\n    - number: 80\n    - number: 8080\n";
        AssertValid(Validator.Validate(wasm));
        AssertSingle(Check(wasm + "    - number: 80\n"), "spec.match[0].ports[2]", ValidationErrorKind.Value, "Duplicate value: {\"number\":80}");
    }

    [Fact]
    public void Status_keeps_unknown_fields_but_types_known_ones()
    {
        AssertValid(Validator.Validate(ServiceEntry + "status:\n  anything: [1, 2]\n"));
        AssertSingle(Check(ServiceEntry + "status:\n  conditions: {}\n"), "status.conditions", ValidationErrorKind.Type, "expected array");
    }

    [Fact]
    public void Int_or_string_accepts_both_and_nothing_else()
    {
        AssertValid(Validator.Validate(ServiceEntry + "status:\n  observedGeneration: 3\n"));
        AssertValid(Validator.Validate(ServiceEntry + "status:\n  observedGeneration: \"3\"\n"));
        AssertSingle(Check(ServiceEntry + "status:\n  observedGeneration: true\n"), "status.observedGeneration", ValidationErrorKind.Type, "expected integer or string");
    }

    [Fact]
    public void Preserve_unknown_fields_allows_free_form_content()
    {
        const string wasm = """
            apiVersion: extensions.istio.io/v1alpha1
            kind: WasmPlugin
            metadata:
              name: plugin
            spec:
              url: oci://registry.example.com/plugin:1.0
              pluginConfig:
                anything: [1, {nested: true}]
            """;
        AssertValid(Validator.Validate(wasm));
    }

    [Fact]
    public void Date_time_format_is_checked()
        => AssertSingle(
            Check(ServiceEntry + "status:\n  conditions:\n  - type: Ready\n    lastTransitionTime: yesterday\n"),
            "status.conditions[0].lastTransitionTime",
            ValidationErrorKind.Value,
            "RFC 3339");

    [Fact]
    public void Unknown_version_is_an_error()
        => AssertSingle(Check(ServiceEntry.Swap("networking.istio.io/v1", "networking.istio.io/v2")), "apiVersion", ValidationErrorKind.Resource, "ServiceEntry has no version \"v2\" (defined: v1, v1alpha3, v1beta1)");

    [Fact]
    public void Unknown_kind_is_an_error()
        => AssertSingle(Check(ServiceEntry.Swap("kind: ServiceEntry", "kind: ServiceEntries")), "kind", ValidationErrorKind.Resource, "no kind \"ServiceEntries\" in API group \"networking.istio.io\"");

    [Fact]
    public void Unknown_group_is_an_error()
        => AssertSingle(Check(ServiceEntry.Swap("networking.istio.io/v1", "networking.k8s.io/v1")), "apiVersion", ValidationErrorKind.Resource, "no CRD defines API group \"networking.k8s.io\"");

    [Fact]
    public void Missing_apiVersion_and_kind_are_errors()
    {
        var errors = Check("metadata:\n  name: x\nspec: {}\n");
        AssertHas(errors, "apiVersion", ValidationErrorKind.Required, "Required value");
        AssertHas(errors, "kind", ValidationErrorKind.Required, "Required value");
    }

    [Fact]
    public void Unserved_version_is_an_error()
    {
        const string crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              names: {kind: Widget, plural: widgets}
              scope: Namespaced
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {size: {type: integer}}}}}
              - name: v0
                served: false
                storage: false
                schema:
                  openAPIV3Schema: {type: object}
            """;
        var validator = CrdSchemaValidator.FromYaml(crd);
        AssertValid(validator.Validate("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 1}\n"));
        AssertSingle(validator.ValidateDetailed("apiVersion: example.com/v0\nkind: Widget\nmetadata: {name: w}\n"), "apiVersion", ValidationErrorKind.Resource, "is not served");
    }

    [Fact]
    public void Unsupported_schema_keywords_fail_loudly_at_load()
    {
        const string crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              names: {kind: Widget}
              versions:
              - name: v1
                served: true
                schema:
                  openAPIV3Schema: {type: object, properties: {spec: {type: string, readOnly: true}}}
            """;
        var error = Assert.Throws<NotSupportedException>(() => CrdSchemaValidator.FromYaml(crd));
        Assert.Contains("'readOnly'", error.Message);
    }

    [Fact]
    public void Name_is_required()
        => AssertSingle(Check(ServiceEntry.Swap("  name: se-api\n", string.Empty)), "metadata.name", ValidationErrorKind.Required, "name is required");

    [Theory]
    [InlineData("SE-API")]
    [InlineData("se_api")]
    [InlineData("-se")]
    public void Name_must_be_a_DNS_subdomain(string name)
        => AssertSingle(Check(ServiceEntry.Swap("name: se-api", $"name: {name}")), "metadata.name", ValidationErrorKind.Metadata, "RFC 1123 subdomain");

    [Fact]
    public void Dotted_names_are_valid_subdomains()
        => AssertValid(Validator.Validate(ServiceEntry.Swap("name: se-api", "name: se.api.v1")));

    [Fact]
    public void Namespace_must_be_a_DNS_label()
        => AssertSingle(Check(ServiceEntry.Swap("namespace: egress", "namespace: egress.system")), "metadata.namespace", ValidationErrorKind.Metadata, "RFC 1123 label");

    [Theory]
    [InlineData("app: -bad", "metadata.labels[app]", "valid label value")]
    [InlineData("bad key!: x", "metadata.labels[\"bad key!\"]", "label key name part")]
    [InlineData("example.com/: x", "metadata.labels[\"example.com/\"]", "name part must be non-empty")]
    public void Labels_must_be_valid(string label, string path, string fragment)
        => AssertSingle(Check(ServiceEntry.Swap("app: api", label)), path, ValidationErrorKind.Metadata, fragment);

    [Fact]
    public void Qualified_label_keys_are_valid()
        => AssertValid(Validator.Validate(ServiceEntry.Swap("app: api", "app.kubernetes.io/name: api")));

    [Fact]
    public void Creation_timestamp_null_is_tolerated()
        => AssertValid(Validator.Validate(ServiceEntry.Swap("  name: se-api", "  name: se-api\n  creationTimestamp: null")));

    [Fact]
    public void Yaml_1_1_booleans_are_refused_even_where_a_string_is_expected()
        => AssertSingle(Check(ServiceEntry.Swap("app: api", "app: yes")), "metadata.labels[app]", ValidationErrorKind.Yaml, "boolean in YAML 1.1");

    [Fact]
    public void Invalid_yaml_is_reported_not_thrown()
    {
        var error = Assert.Single(Check("apiVersion: networking.istio.io/v1\nkind: [ServiceEntry\n"));
        Assert.Equal(ValidationErrorKind.Yaml, error.Kind);
    }

    [Fact]
    public void Duplicate_keys_are_reported()
    {
        var error = Assert.Single(Check(ServiceEntry.Swap("  resolution: DNS", "  resolution: DNS\n  resolution: STATIC")));
        Assert.Equal(ValidationErrorKind.Yaml, error.Kind);
        Assert.Contains("duplicate mapping key \"resolution\"", error.Message);
    }

    [Fact]
    public void Validate_takes_one_document()
    {
        var error = Assert.Single(Check(ServiceEntry + "---\n" + ServiceEntry));
        Assert.Contains("ValidateDocuments", error.Message);
    }

    [Fact]
    public void Errors_render_as_path_message_and_line()
    {
        var error = Assert.Single(Validator.Validate(ServiceEntry.Swap("number: 443", "number: \"443\"")));
        Assert.Equal("spec.ports[0].number: Invalid type: expected integer but found \"443\" (string) (line 12)", error);
    }

    [Fact]
    public void Other_Istio_kinds_are_validated_too()
    {
        const string sidecar = """
            apiVersion: networking.istio.io/v1
            kind: Sidecar
            metadata:
              name: default
            spec:
              outboundTrafficPolicy:
                mode: REGISTRY_ONLY
              egress:
              - hosts:
                - "./*"
                - "istio-system/*"
            """;
        AssertValid(Validator.Validate(sidecar));
        AssertSingle(Check(sidecar.Swap("REGISTRY_ONLY", "DENY")), "spec.outboundTrafficPolicy.mode", ValidationErrorKind.Value, "Unsupported value");
        Assert.Contains("security.istio.io/v1 AuthorizationPolicy", Validator.KnownResources);
    }
}
