using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static EgressDsl.Testing.Tests.TestSupport;

namespace EgressDsl.Testing.Tests;

/// <summary>
/// Every x-kubernetes-validations rule of ServiceEntry and Gateway is evaluated and can fire; a coverage test
/// checks the battery against the rules read from the CRD file, so a new rule in the file fails the build until
/// a case for it is added.
/// </summary>
public class CelRuleTests
{
    private const string ServiceEntryBase = """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: se-api
        spec:
          hosts:
          - api.example.com
          ports:
          - number: 443
            name: tls
            protocol: TLS
          location: MESH_EXTERNAL

        """;

    private const string GatewayBase = """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: egress
        spec:
          selector:
            istio: egressgateway
          servers:
          - port:
              number: 443
              name: tls
              protocol: TLS
            hosts:
            - api.example.com
            tls:
              mode: SIMPLE

        """;

    /// <summary>A document that breaks one rule (or, for Istio's duplicated Gateway rule, two), and what must be reported.</summary>
    public sealed record RuleCase(string Name, string Yaml, params (string Path, string Message)[] Expected)
    {
        public override string ToString() => Name;
    }

    private static string Se(string specTail) => ServiceEntryBase + specTail;

    private static string Gw(string tlsTail) => GatewayBase + tlsTail;

    public static readonly RuleCase[] Cases =
    {
        new("se: workloadSelector and endpoints",
            Se("  resolution: STATIC\n  workloadSelector:\n    labels:\n      app: api\n  endpoints:\n  - address: 10.0.0.1\n"),
            ("spec", "only one of WorkloadSelector or Endpoints can be set")),
        new("se: workloadSelector and an empty endpoints list (has() tests presence, as in Kubernetes)",
            Se("  resolution: STATIC\n  workloadSelector:\n    labels:\n      app: api\n  endpoints: []\n"),
            ("spec", "only one of WorkloadSelector or Endpoints can be set")),
        new("se: CIDR address with DNS resolution",
            Se("  resolution: DNS\n  addresses:\n  - 10.0.0.0/24\n"),
            ("spec", "CIDR addresses are allowed only for NONE/STATIC resolution types")),
        new("se: NONE (explicit) with endpoints",
            Se("  resolution: NONE\n  endpoints:\n  - address: 10.0.0.1\n"),
            ("spec", "NONE mode cannot set endpoints")),
        new("se: NONE (default) with endpoints",
            Se("  endpoints:\n  - address: 10.0.0.1\n"),
            ("spec", "NONE mode cannot set endpoints")),
        new("se: DNS_ROUND_ROBIN with two endpoints",
            Se("  resolution: DNS_ROUND_ROBIN\n  endpoints:\n  - address: a.example.com\n  - address: b.example.com\n"),
            ("spec", "DNS_ROUND_ROBIN mode cannot have multiple endpoints")),
        new("se: endpoint without address or network",
            Se("  resolution: STATIC\n  endpoints:\n  - labels:\n      version: v1\n"),
            ("spec.endpoints[0]", "Address is required")),
        new("se: UDS endpoint with ports",
            Se("  resolution: STATIC\n  endpoints:\n  - address: unix:///var/run/api.sock\n    ports:\n      tls: 443\n"),
            ("spec.endpoints[0]", "UDS may not include ports")),
        new("se: relative UDS path",
            Se("  resolution: STATIC\n  endpoints:\n  - address: unix://var/run/api.sock\n"),
            ("spec.endpoints[0].address", "UDS must be an absolute path or abstract socket")),
        new("se: UDS directory",
            Se("  resolution: STATIC\n  endpoints:\n  - address: unix:///var/run/\n"),
            ("spec.endpoints[0].address", "UDS may not be a dir")),
        new("se: invalid endpoint port name",
            Se("  resolution: STATIC\n  endpoints:\n  - address: 10.0.0.1\n    ports:\n      tls_port: 443\n"),
            ("spec.endpoints[0].ports", "port name must be valid")),
        new("se: endpoint port name of 63 characters",
            Se("  resolution: STATIC\n  endpoints:\n  - address: 10.0.0.1\n    ports:\n      " + new string('a', 63) + ": 443\n"),
            ("spec.endpoints[0].ports", "port name must be valid")),
        new("se: endpoint port 0",
            Se("  resolution: STATIC\n  endpoints:\n  - address: 10.0.0.1\n    ports:\n      tls: 0\n"),
            ("spec.endpoints[0].ports[tls]", "port must be between 1-65535")),
        new("se: wildcard host",
            Se("  resolution: DNS\n").Swap("  - api.example.com", "  - \"*\""),
            ("spec.hosts[0]", "hostname cannot be wildcard")),
        new("se: duplicate port numbers",
            Se("  resolution: DNS\n").Swap("    protocol: TLS\n", "    protocol: TLS\n  - number: 443\n    name: https\n    protocol: HTTPS\n"),
            ("spec.ports", "port number cannot be duplicated")),
        new("se: port number 65536",
            Se("  resolution: DNS\n").Swap("number: 443", "number: 65536"),
            ("spec.ports[0].number", "port must be between 1-65535")),
        new("se: port number 0",
            Se("  resolution: DNS\n").Swap("number: 443", "number: 0"),
            ("spec.ports[0].number", "port must be between 1-65535")),
        new("se: target port 70000",
            Se("  resolution: DNS\n").Swap("    name: tls\n", "    name: tls\n    targetPort: 70000\n"),
            ("spec.ports[0].targetPort", "port must be between 1-65535")),
        new("se: wildcard in workload selector",
            Se("  resolution: STATIC\n  workloadSelector:\n    labels:\n      app: \"api*\"\n"),
            ("spec.workloadSelector.labels[app]", "wildcard is not supported in selector")),

        // Istio's third Gateway rule repeats the first (it tests credentialNames, not credentialName), so both fire together.
        new("gw: credentialNames with tlsCertificates",
            Gw("      credentialNames: [a]\n      tlsCertificates:\n      - serverCertificate: /etc/certs/tls.crt\n        privateKey: /etc/certs/tls.key\n"),
            ("spec.servers[0].tls", "only one of credentialNames or tlsCertificates can be set"),
            ("spec.servers[0].tls", "only one of credentialName or tlsCertificates can be set")),
        new("gw: credentialName with credentialNames",
            Gw("      credentialName: a\n      credentialNames: [b]\n"),
            ("spec.servers[0].tls", "only one of credentialName or credentialNames can be set")),
    };

    public static IEnumerable<object[]> CasesInEveryVersion()
        => from c in Cases from v in IstioVersions select new object[] { c, v };

    [Theory]
    [MemberData(nameof(CasesInEveryVersion))]
    public void Each_rule_fires_with_its_message_and_nothing_else(RuleCase ruleCase, string version)
    {
        var errors = Validator.ValidateDetailed(WithVersion(ruleCase.Yaml, version));
        Assert.True(
            errors.Count == ruleCase.Expected.Length && errors.All(e => e.Kind == ValidationErrorKind.Rule),
            $"{ruleCase.Name}: expected only {string.Join(" + ", ruleCase.Expected.Select(e => e.Message))} but got:\n{string.Join("\n", errors)}");
        foreach (var (path, message) in ruleCase.Expected)
        {
            AssertHas(errors, path, ValidationErrorKind.Rule, $"Invalid value: {message} [x-kubernetes-validations rule: ");
        }
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta1")]
    [InlineData("v1alpha3")]
    public void The_battery_makes_every_ServiceEntry_and_Gateway_rule_fire(string version)
    {
        var fired = new HashSet<(string, string)>();
        foreach (var ruleCase in Cases)
        {
            foreach (var error in Validator.ValidateDetailed(WithVersion(ruleCase.Yaml, version)).Where(e => e.Kind == ValidationErrorKind.Rule))
            {
                string message = error.Message.Substring("Invalid value: ".Length);
                message = message.Substring(0, message.IndexOf(" [x-kubernetes-validations rule: ", StringComparison.Ordinal));
                fired.Add((Normalize(error.Path), message));
            }
        }

        var rules = Validator.GetValidationRules($"networking.istio.io/{version}", "ServiceEntry")
            .Concat(Validator.GetValidationRules($"networking.istio.io/{version}", "Gateway"))
            .ToList();
        Assert.Equal(18, rules.Count); // 15 ServiceEntry + 3 Gateway rules in the CRD file.
        var never = rules.Where(r => !fired.Contains((r.SchemaPath, r.Message!))).Select(r => $"{r.Kind} {r.SchemaPath}: {r.Rule}").ToList();
        Assert.True(never.Count == 0, "rules no case makes fire:\n" + string.Join("\n", never));
    }

    public static IEnumerable<object[]> ValidNearMisses() => new[]
    {
        new object[] { Se("  resolution: STATIC\n  workloadSelector:\n    labels:\n      app: api\n") },
        new object[] { Se("  resolution: STATIC\n  addresses:\n  - 10.0.0.0/24\n  endpoints:\n  - address: 10.0.0.1\n    ports:\n      tls: 65535\n") },
        new object[] { Se("  addresses:\n  - 10.0.0.0/24\n") },
        new object[] { Se("  resolution: DNS_ROUND_ROBIN\n  endpoints:\n  - address: a.example.com\n") },
        new object[] { Se("  resolution: STATIC\n  endpoints:\n  - network: remote\n") },
        new object[] { Se("  resolution: STATIC\n  endpoints:\n  - address: unix:///var/run/api.sock\n") },
        new object[] { Se("  resolution: STATIC\n  endpoints:\n  - address: unix://@abstract\n") },
        new object[] { Se("  resolution: STATIC\n  endpoints:\n  - address: 10.0.0.1\n    ports:\n      " + new string('a', 62) + ": 1\n") },
        new object[] { Se("  resolution: DNS\n").Swap("  - api.example.com", "  - \"*.example.com\"") },
        new object[] { Se("  resolution: DNS\n").Swap("    name: tls\n", "    name: tls\n    targetPort: 1\n") },
        new object[] { Gw("      credentialName: a\n") },
        new object[] { Gw("      credentialNames: [a, b]\n") },
        new object[] { Gw("      tlsCertificates:\n      - serverCertificate: /c.crt\n        privateKey: /c.key\n") },

        // Istio's duplicated rule means the CRD lets credentialName and tlsCertificates through (istiod's webhook does not).
        new object[] { Gw("      credentialName: a\n      tlsCertificates:\n      - serverCertificate: /c.crt\n        privateKey: /c.key\n") },
    };

    [Theory]
    [MemberData(nameof(ValidNearMisses))]
    public void Near_misses_pass(string yaml)
    {
        foreach (string version in IstioVersions)
        {
            AssertValid(Validator.Validate(WithVersion(yaml, version)));
        }
    }

    [Fact]
    public void Rules_are_skipped_below_type_errors_as_in_Kubernetes()
    {
        // The port map's own rule and the spec-level rules would see a string where CEL expects an int.
        var errors = Validator.ValidateDetailed(Se("  resolution: STATIC\n  endpoints:\n  - address: 10.0.0.1\n    ports:\n      tls: \"x\"\n"));
        AssertSingle(errors, "spec.endpoints[0].ports[tls]", ValidationErrorKind.Type, "expected integer");
    }

    [Fact]
    public void Every_rule_in_the_CRD_file_calls_only_supported_functions()
        => Assert.Empty(Validator.FindUnsupportedRules());

    private const string DestinationRule = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: dr
        spec:
          host: api.example.com
          trafficPolicy:
            connectionPool:
              tcp:
                connectTimeout: 10s

        """;

    [Theory]
    [InlineData("10s", null)]
    [InlineData("1ms", null)]
    [InlineData("1.5h", null)]
    [InlineData("1h30m", null)]
    [InlineData("+5s", null)]
    [InlineData("1000us", null)]
    [InlineData("0.5ms", "must be a valid duration greater than 1ms")]
    [InlineData("999us", "must be a valid duration greater than 1ms")]
    [InlineData("-5s", "must be a valid duration greater than 1ms")]
    [InlineData("\"0\"", "must be a valid duration greater than 1ms")]
    [InlineData("\"10\"", "could not evaluate")]
    [InlineData("ten seconds", "could not evaluate")]
    public void Durations_use_Go_syntax(string value, string? expected)
    {
        string connectionPool = DestinationRule.Swap("10s", value);
        string http = DestinationRule.Swap("tcp:\n        connectTimeout: 10s", $"http:\n        idleTimeout: {value}");
        foreach (string yaml in new[] { connectionPool, http })
        {
            var errors = Validator.ValidateDetailed(yaml);
            if (expected is null)
            {
                AssertValid(errors.Select(e => e.ToString()).ToList());
            }
            else
            {
                var error = Assert.Single(errors);
                Assert.Equal(ValidationErrorKind.Rule, error.Kind);
                Assert.Contains(expected, error.Message);
            }
        }
    }

    [Fact]
    public void DestinationRule_selector_rules_fire()
    {
        string yaml = DestinationRule + "  workloadSelector:\n    matchLabels:\n      \"app*\": \"api*\"\n";
        var errors = Validator.ValidateDetailed(yaml);
        Assert.Equal(2, errors.Count);
        AssertHas(errors, "spec.workloadSelector.matchLabels", ValidationErrorKind.Rule, "wildcard not allowed in label key match");
        AssertHas(errors, "spec.workloadSelector.matchLabels[app*]", ValidationErrorKind.Rule, "wildcard not allowed in label value match");
    }

    [Fact]
    public void VirtualService_timeout_rule_fires()
    {
        string vs = WithVersion(YamlDocuments.Split(SeedYaml)[1], "v1").Swap("    route:\n", "    timeout: 0s\n    route:\n");
        var error = Assert.Single(Validator.ValidateDetailed(vs));
        Assert.Equal("spec.http[0].timeout", error.Path);
        Assert.Contains("must be a valid duration greater than 1ms", error.Message);
    }

    [Theory]
    [InlineData("https://issuer.example.com/jwks", null)]
    [InlineData("http://issuer.example.com:8080/jwks?x=1", null)]
    [InlineData("ftp://issuer.example.com/jwks", "url must have scheme http:// or https://")]
    [InlineData("issuer.example.com/jwks", "could not evaluate")]
    public void RequestAuthentication_url_rule(string uri, string? expected)
    {
        string yaml = $"apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata:\n  name: jwt\nspec:\n  jwtRules:\n  - issuer: issuer\n    jwksUri: \"{uri}\"\n";
        var errors = Validator.ValidateDetailed(yaml);
        if (expected is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains(expected, Assert.Single(errors).Message);
        }
    }

    [Theory]
    [InlineData("oci://registry.example.com/plugin:1.0", true)]
    [InlineData("registry.example.com/plugin:1.0", true)]
    [InlineData("https://example.com/plugin.wasm", true)]
    [InlineData("file:///opt/plugin.wasm", true)]
    [InlineData("ftp://example.com/plugin.wasm", false)]
    public void WasmPlugin_url_rule(string url, bool valid)
    {
        string yaml = $"apiVersion: extensions.istio.io/v1alpha1\nkind: WasmPlugin\nmetadata:\n  name: p\nspec:\n  url: \"{url}\"\n";
        var errors = Validator.ValidateDetailed(yaml);
        if (valid)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains("url must have schema one of [http, https, file, oci]", Assert.Single(errors).Message);
        }
    }

    [Fact]
    public void PeerAuthentication_port_keys_and_selector_rules()
    {
        const string head = "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: pa\nspec:\n";
        AssertValid(Validator.Validate(head + "  selector:\n    matchLabels:\n      app: api\n  portLevelMtls:\n    8080:\n      mode: DISABLE\n"));
        var badPort = Validator.ValidateDetailed(head + "  selector:\n    matchLabels:\n      app: api\n  portLevelMtls:\n    0:\n      mode: DISABLE\n");
        Assert.Contains("port must be between 1-65535", Assert.Single(badPort).Message);
        var noSelector = Validator.ValidateDetailed(head + "  portLevelMtls:\n    8080:\n      mode: DISABLE\n");
        Assert.Contains("portLevelMtls requires selector", Assert.Single(noSelector).Message);
    }

    [Fact]
    public void WorkloadEntry_rules_fire()
    {
        const string head = "apiVersion: networking.istio.io/v1\nkind: WorkloadEntry\nmetadata:\n  name: we\nspec:\n";
        AssertValid(Validator.Validate(head + "  address: 10.0.0.1\n  ports:\n    http: 8080\n"));
        Assert.Contains("Address is required", Assert.Single(Validator.ValidateDetailed(head + "  labels:\n    app: api\n")).Message);
        Assert.Contains("UDS may not include ports", Assert.Single(Validator.ValidateDetailed(head + "  address: unix:///s.sock\n  ports:\n    http: 8080\n")).Message);
    }

    [Fact]
    public void Telemetry_rule_reading_an_unset_field_is_an_error()
    {
        const string head = "apiVersion: telemetry.istio.io/v1\nkind: Telemetry\nmetadata:\n  name: t\nspec:\n  metrics:\n  - overrides:\n    - tagOverrides:\n        request_host:\n";
        AssertValid(Validator.Validate(head + "          operation: UPSERT\n          value: request.host\n"));
        Assert.Contains("value must not be set when operation is REMOVE", Assert.Single(Validator.ValidateDetailed(head + "          operation: REMOVE\n          value: x\n")).Message);

        // Kubernetes reports "no such key" for self.value; so do we.
        Assert.Contains("could not evaluate", Assert.Single(Validator.ValidateDetailed(head + "          operation: UPSERT\n")).Message);
    }

    [Fact]
    public void AuthorizationPolicy_selector_and_targetRef_are_exclusive()
    {
        const string yaml = "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ap\nspec:\n  selector:\n    matchLabels:\n      app: api\n  targetRef:\n    kind: Gateway\n    group: gateway.networking.k8s.io\n    name: gw\n";
        Assert.Contains("only one of targetRefs or selector can be set", Assert.Single(Validator.ValidateDetailed(yaml)).Message);
    }
}
