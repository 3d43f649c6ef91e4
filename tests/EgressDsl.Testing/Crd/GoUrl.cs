using System;

namespace EgressDsl.Testing.Crd;

/// <summary>
/// The value of Kubernetes' CEL <c>url()</c>: Go's <c>url.ParseRequestURI</c>, which accepts an absolute URI or an
/// absolute path. Only what Kubernetes' URL library exposes is kept.
/// </summary>
internal sealed class GoUrl
{
    private GoUrl(string scheme, string host, string path, string rawQuery, string opaque)
    {
        Scheme = scheme;
        Host = host;
        Path = path;
        RawQuery = rawQuery;
        Opaque = opaque;
    }

    public string Scheme { get; }

    /// <summary>Host with port, as Go's <c>URL.Host</c>.</summary>
    public string Host { get; }

    public string Path { get; }

    public string RawQuery { get; }

    public string Opaque { get; }

    /// <summary>Go's <c>URL.Hostname()</c>: the host without port or IPv6 brackets.</summary>
    public string Hostname
    {
        get
        {
            var (host, _) = SplitHostPort(Host);
            return host.StartsWith('[') && host.EndsWith(']') ? host.Substring(1, host.Length - 2) : host;
        }
    }

    /// <summary>Go's <c>URL.Port()</c>: the port digits, or empty.</summary>
    public string Port => SplitHostPort(Host).Port;

    /// <summary>True when <paramref name="text"/> parses (Kubernetes' <c>isURL</c>).</summary>
    public static bool IsUrl(string text) => TryParse(text, out _, out _);

    /// <summary>Parses like Go's <c>url.ParseRequestURI</c>.</summary>
    /// <exception cref="FormatException">Not a URL Kubernetes' <c>url()</c> accepts.</exception>
    public static GoUrl Parse(string text)
        => TryParse(text, out var url, out var error) ? url! : throw new FormatException($"URL parse error: {error}");

    private static bool TryParse(string raw, out GoUrl? url, out string? error)
    {
        url = null;
        error = null;
        foreach (char c in raw)
        {
            if (c < 0x20 || c == 0x7f)
            {
                error = "invalid control character in URL";
                return false;
            }
        }

        if (raw.Length == 0)
        {
            error = "empty url";
            return false;
        }

        if (raw == "*")
        {
            url = new GoUrl(string.Empty, string.Empty, "*", string.Empty, string.Empty);
            return true;
        }

        if (!TryGetScheme(raw, out string scheme, out string rest, out error))
        {
            return false;
        }

        scheme = scheme.ToLowerInvariant();
        string rawQuery = string.Empty;
        if (rest.EndsWith('?') && rest.IndexOf('?') == rest.Length - 1)
        {
            rest = rest.Substring(0, rest.Length - 1);
        }
        else
        {
            int q = rest.IndexOf('?');
            if (q >= 0)
            {
                rawQuery = rest.Substring(q + 1);
                rest = rest.Substring(0, q);
            }
        }

        if (!rest.StartsWith('/'))
        {
            if (scheme.Length > 0)
            {
                // A rootless path after a scheme is opaque (mailto:x, oci:registry/x).
                url = new GoUrl(scheme, string.Empty, string.Empty, rawQuery, rest);
                return true;
            }

            error = "invalid URI for request";
            return false;
        }

        string host = string.Empty;
        if (scheme.Length > 0 && rest.StartsWith("//", StringComparison.Ordinal))
        {
            string authority = rest.Substring(2);
            int slash = authority.IndexOf('/');
            if (slash >= 0)
            {
                rest = authority.Substring(slash);
                authority = authority.Substring(0, slash);
            }
            else
            {
                rest = string.Empty;
            }

            int at = authority.LastIndexOf('@');
            host = at >= 0 ? authority.Substring(at + 1) : authority;
            if (!ValidHost(host, out error))
            {
                return false;
            }
        }

        if (!ValidEscapes(rest))
        {
            error = $"invalid URL escape in \"{rest}\"";
            return false;
        }

        url = new GoUrl(scheme, host, rest, rawQuery, string.Empty);
        return true;
    }

    private static bool TryGetScheme(string raw, out string scheme, out string rest, out string? error)
    {
        error = null;
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (char.IsAsciiLetter(c))
            {
                continue;
            }

            if (char.IsAsciiDigit(c) || c == '+' || c == '-' || c == '.')
            {
                if (i == 0)
                {
                    break;
                }

                continue;
            }

            if (c == ':')
            {
                if (i == 0)
                {
                    scheme = rest = string.Empty;
                    error = "missing protocol scheme";
                    return false;
                }

                scheme = raw.Substring(0, i);
                rest = raw.Substring(i + 1);
                return true;
            }

            // Any other character: there is no scheme, the whole text is a path.
            break;
        }

        scheme = string.Empty;
        rest = raw;
        return true;
    }

    private static bool ValidHost(string host, out string? error)
    {
        error = null;
        string name = host;
        if (host.StartsWith('['))
        {
            int close = host.IndexOf(']');
            if (close < 0)
            {
                error = "missing ']' in host";
                return false;
            }

            string after = host.Substring(close + 1);
            if (after.Length > 0 && (!after.StartsWith(':') || !IsDigits(after.Substring(1))))
            {
                error = $"invalid port \"{after}\" after host";
                return false;
            }

            return true;
        }

        int colon = host.LastIndexOf(':');
        if (colon >= 0)
        {
            if (!IsDigits(host.Substring(colon + 1)))
            {
                error = $"invalid port \"{host.Substring(colon)}\" after host";
                return false;
            }

            name = host.Substring(0, colon);
        }

        foreach (char c in name)
        {
            bool allowed = c >= 0x80 || char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=[]<>\"%".IndexOf(c) >= 0;
            if (!allowed)
            {
                error = $"invalid character \"{c}\" in host name";
                return false;
            }
        }

        return ValidEscapes(name) || Fail("invalid URL escape in host", out error);
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }

    private static bool IsDigits(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ValidEscapes(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '%')
            {
                if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
        }

        return true;
    }

    private static (string Host, string Port) SplitHostPort(string host)
    {
        int colon = host.LastIndexOf(':');
        int bracket = host.LastIndexOf(']');
        return colon > bracket ? (host.Substring(0, colon), host.Substring(colon + 1)) : (host, string.Empty);
    }
}
