using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace EgressDsl.Testing.Crd;

/// <summary>The OpenAPI string formats Kubernetes checks (kube-openapi's strfmt registry) that Istio's CRDs use.</summary>
internal static class Formats
{
    private static readonly Regex DateTime = new(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant);
    private static readonly Regex Date = new(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant);
    private static readonly Regex Base64 = new(@"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$", RegexOptions.CultureInvariant);

    /// <summary>RFC 3339 date-time, as <c>strfmt.ParseDateTime</c> accepts it.</summary>
    public static bool IsDateTime(string text)
        => DateTime.IsMatch(text)
           && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);

    /// <summary>Checks a string against <paramref name="format"/>; unknown formats pass, as in Kubernetes.</summary>
    /// <returns>Null when valid, else what the value should look like.</returns>
    public static string? CheckString(string format, string text)
    {
        return format switch
        {
            "date-time" => IsDateTime(text) ? null : "must be an RFC 3339 date-time (e.g. 2024-01-02T15:04:05Z)",
            "date" => Date.IsMatch(text) && System.DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? null
                : "must be a full-date (yyyy-MM-dd)",
            "byte" => Base64.IsMatch(text) ? null : "must be standard base64-encoded bytes",
            _ => null,
        };
    }
}
