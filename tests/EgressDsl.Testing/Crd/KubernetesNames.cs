using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace EgressDsl.Testing.Crd;

/// <summary>Kubernetes' name and label syntax (k8s.io/apimachinery/pkg/util/validation).</summary>
internal static class KubernetesNames
{
    private static readonly Regex Dns1123Label = new("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant);
    private static readonly Regex Dns1123Subdomain = new(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant);
    private static readonly Regex Dns1035Label = new("^[a-z]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant);
    private static readonly Regex QualifiedNamePart = new("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$", RegexOptions.CultureInvariant);
    private static readonly Regex LabelValue = new("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$", RegexOptions.CultureInvariant);
    private static readonly Regex IanaServiceName = new("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant);

    /// <summary>Problems with a DNS-1123 label (namespaces, port names): at most 63 lowercase alphanumerics or '-'.</summary>
    public static IEnumerable<string> CheckDns1123Label(string value)
    {
        if (value.Length > 63)
        {
            yield return $"must be no more than 63 characters (is {value.Length})";
        }

        if (!Dns1123Label.IsMatch(value))
        {
            yield return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (regex '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
        }
    }

    /// <summary>Problems with a DNS-1123 subdomain (object names): at most 253 characters of dot-separated labels.</summary>
    public static IEnumerable<string> CheckDns1123Subdomain(string value)
    {
        if (value.Length > 253)
        {
            yield return $"must be no more than 253 characters (is {value.Length})";
        }

        if (!Dns1123Subdomain.IsMatch(value))
        {
            yield return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (regex '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
        }
    }

    /// <summary>Problems with a DNS-1035 label (Service names): like a DNS-1123 label but starting with a letter.</summary>
    public static IEnumerable<string> CheckDns1035Label(string value)
    {
        if (value.Length > 63)
        {
            yield return $"must be no more than 63 characters (is {value.Length})";
        }

        if (!Dns1035Label.IsMatch(value))
        {
            yield return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (regex '[a-z]([-a-z0-9]*[a-z0-9])?')";
        }
    }

    /// <summary>Problems with a qualified name (label and annotation keys): <c>[prefix/]name</c>.</summary>
    public static IEnumerable<string> CheckQualifiedName(string value)
    {
        string name = value;
        int slash = value.IndexOf('/');
        if (slash >= 0)
        {
            string prefix = value.Substring(0, slash);
            name = value.Substring(slash + 1);
            if (prefix.Length == 0)
            {
                yield return "prefix part must be non-empty";
            }
            else
            {
                foreach (string problem in CheckDns1123Subdomain(prefix))
                {
                    yield return "prefix part " + problem;
                }
            }
        }

        if (name.Length == 0)
        {
            yield return "name part must be non-empty";
        }
        else
        {
            if (name.Length > 63)
            {
                yield return $"name part must be no more than 63 characters (is {name.Length})";
            }

            if (!QualifiedNamePart.IsMatch(name))
            {
                yield return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (regex '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
            }
        }
    }

    /// <summary>Problems with a label value: empty, or at most 63 characters like a qualified name part.</summary>
    public static IEnumerable<string> CheckLabelValue(string value)
    {
        if (value.Length > 63)
        {
            yield return $"must be no more than 63 characters (is {value.Length})";
        }

        if (!LabelValue.IsMatch(value))
        {
            yield return "a valid label value must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
        }
    }

    /// <summary>Problems with an IANA service name (named target ports): 1-15 chars, at least one letter, no '--'.</summary>
    public static IEnumerable<string> CheckIanaServiceName(string value)
    {
        if (value.Length is 0 or > 15)
        {
            yield return "must be no more than 15 characters";
        }

        if (!IanaServiceName.IsMatch(value))
        {
            yield return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
        }

        if (value.Contains("--", System.StringComparison.Ordinal))
        {
            yield return "must not contain consecutive hyphens";
        }

        bool hasLetter = false;
        foreach (char c in value)
        {
            hasLetter |= c is >= 'a' and <= 'z';
        }

        if (!hasLetter)
        {
            yield return "must contain at least one letter (a-z)";
        }
    }
}
