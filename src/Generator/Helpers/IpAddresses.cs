using System.Globalization;
using System.Net;

namespace EgressDsl.Generator.Helpers
{
    /// <summary>
    /// IP addresses as Istio's validation reads them, for the parser's checks and the emitters' choice of an endpoint
    /// kind alike.
    /// </summary>
    internal static class IpAddresses
    {
        public static bool IsIpAddress(string? value) =>
            !string.IsNullOrEmpty(value) && (IsIpv4(value!) || IsIpv6(value!));

        public static bool IsIpv4(string value)
        {
            var parts = value.Split('.');
            if (parts.Length != 4)
            {
                return false;
            }

            foreach (var part in parts)
            {
                if (part.Length == 0 || part.Length > 3 || !IsAllDigits(part) || (part.Length > 1 && part[0] == '0'))
                {
                    return false;
                }

                if (int.Parse(part, CultureInfo.InvariantCulture) > 255)
                {
                    return false;
                }
            }

            return true;
        }

        public static bool IsIpv6(string value) =>
            value.IndexOf(':') >= 0
            && value.IndexOf('%') < 0
            && IPAddress.TryParse(value, out var address)
            && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;

        /// <summary>Decimal digits only, as IPv4 parts, prefix lengths and all-digit labels are written.</summary>
        public static bool IsAllDigits(string value)
        {
            if (value.Length == 0)
            {
                return false;
            }

            foreach (var c in value)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
