namespace EgressDsl.Generator.Model
{
    /// <summary>
    /// One role of an intent pattern in the Kubernetes Gateway API form: <see cref="Model"/> replaces the Istio form's model
    /// when the gateway <see cref="GatewayMetadataName"/> names is in that form. Without a model, the combination has no
    /// Gateway API equivalent and <see cref="Refusal"/> says which intent argument asks for it.
    /// </summary>
    internal sealed record IntentGatewayApiForm(string GatewayMetadataName, EgressClassModel? Model, IntentGatewayApiRefusal? Refusal);

    /// <summary>An intent argument whose pattern the Gateway API cannot write (EGRESS400): the argument (none: the intent as a whole), what
    /// it asks for, why not.</summary>
    internal sealed record IntentGatewayApiRefusal(string? Argument, string What, string Reason);
}
