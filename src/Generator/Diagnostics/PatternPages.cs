namespace EgressDsl.Generator.Diagnostics
{
    /// <summary>
    /// Istio's documented egress patterns, as the messages that lead to them name them: each pattern's page in
    /// docs/patterns/ (slugs fixed by issue 17) and the intent attribute that writes it whole.
    /// </summary>
    internal static class PatternPages
    {
        public const string LinkBase = "https://github.com/egress-dsl/EgressDsl/blob/main/docs/patterns/";

        /// <summary>Pattern a: an external host allowed directly from the sidecars.</summary>
        public const string DirectEgress = "direct-egress";

        /// <summary>Pattern b: TLS originated by the sidecar.</summary>
        public const string SidecarTlsOrigination = "sidecar-tls-origination";

        /// <summary>Pattern c: everything through an egress gateway.</summary>
        public const string GatewayEgress = "gateway-egress";

        /// <summary>Pattern d: wildcard hosts.</summary>
        public const string WildcardHosts = "wildcard-hosts";

        /// <summary>The page of a pattern, by slug.</summary>
        public static string Link(string slug) => LinkBase + slug + ".md";

        /// <summary>Pattern c with TLS originated at the gateway, for <paramref name="host"/>, as a message names it.</summary>
        public static string GatewayOrigination(string host) =>
            Named("egress gateway with TLS origination", "[GatewayEgress(\"" + host + "\", Tls = GatewayEgressTls.Originate)]", GatewayEgress);

        /// <summary>Pattern b for <paramref name="host"/>, as a message names it.</summary>
        public static string SidecarOrigination(string host) =>
            Named("sidecar TLS origination", "[SidecarTlsOrigination(\"" + host + "\")]", SidecarTlsOrigination);

        /// <summary>"the X pattern ([Intent(...)], link)", for the end of a message.</summary>
        private static string Named(string patternName, string intent, string slug) =>
            "the " + patternName + " pattern (" + intent + ", " + Link(slug) + ")";
    }
}
