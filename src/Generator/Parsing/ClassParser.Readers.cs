using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EgressDsl.Generator.Diagnostics;
using EgressDsl.Generator.Helpers;
using EgressDsl.Generator.Model;
using Microsoft.CodeAnalysis;

namespace EgressDsl.Generator.Parsing
{
    // The argument readers every role shares: each reads one argument and reports what is wrong with it.
    internal sealed partial class ClassParser
    {
        private IEnumerable<AttributeSnapshot> Attributes(string shortName) => ClassAttributes.Where(a => a.ShortName == shortName);

        private EquatableArray<string> ReadHosts(AttributeSnapshot attribute, string name, bool allowWildcard)
        {
            var values = attribute.Strings(name);
            var hosts = new List<string>();
            for (var i = 0; i < values.Length; i++)
            {
                var reason = Validation.CheckHost(values[i], allowWildcard);
                if (reason is null && hosts.Contains(values[i]!, StringComparer.OrdinalIgnoreCase))
                {
                    reason = "it is listed twice";
                }

                if (reason is not null)
                {
                    Report(DiagnosticDescriptors.InvalidHost, attribute.ArgumentLocation(name, i), values[i] ?? "null", reason);
                    continue;
                }

                hosts.Add(values[i]!);
            }

            return hosts.ToEquatableArray();
        }

        private string ReadResourceName(AttributeSnapshot attribute, string name, string defaultName, string what, bool dnsLabel)
        {
            var value = attribute.String(name);
            var explicitName = value is not null;
            value ??= defaultName;
            var reason = dnsLabel ? Validation.CheckDnsLabel(value) : Validation.CheckDnsSubdomain(value);
            if (reason is not null)
            {
                var hint = explicitName ? reason : reason + "; the name comes from the class name, so set " + name + " explicitly";
                Report(DiagnosticDescriptors.InvalidName, explicitName ? attribute.ArgumentLocation(name) : attribute.AttributeLocation(), what, value, hint);
            }

            return value;
        }

        private string? ReadNamespace(AttributeSnapshot attribute, string name)
        {
            var value = attribute.String(name);
            if (value is not null && Validation.CheckDnsLabel(value) is { } reason)
            {
                Report(DiagnosticDescriptors.InvalidName, attribute.ArgumentLocation(name), "Namespace", value, reason);
            }

            return value;
        }

        private string ReadDnsLabel(AttributeSnapshot attribute, string name, string what)
        {
            var value = attribute.String(name) ?? string.Empty;
            if (Validation.CheckDnsLabel(value) is { } reason)
            {
                Report(DiagnosticDescriptors.InvalidName, attribute.ArgumentLocation(name), what, value, reason);
            }

            return value;
        }

        private int ReadPort(AttributeSnapshot attribute, string name, bool required)
        {
            var value = attribute.Int(name);
            if ((required || value != 0) && (value < 1 || value > 65535))
            {
                Report(DiagnosticDescriptors.PortOutOfRange, attribute.ArgumentLocation(name), value.ToString(CultureInfo.InvariantCulture));
            }

            return value;
        }

        private TEnum ReadEnum<TEnum>(AttributeSnapshot attribute, string name)
            where TEnum : struct, Enum
        {
            var value = attribute.EnumValue(name) ?? 0;
            if (!DefinedValues<TEnum>.Contains(value))
            {
                Report(DiagnosticDescriptors.UndefinedEnumValue, attribute.ArgumentLocation(name), value.ToString(CultureInfo.InvariantCulture), typeof(TEnum).Name);
                return default;
            }

            return (TEnum)Enum.ToObject(typeof(TEnum), value);
        }

        /// <param name="annotations">True for Kubernetes annotations: the same keys as labels, and any text as the value.</param>
        private EquatableArray<Label> ReadLabels(AttributeSnapshot attribute, string name, bool annotations = false)
        {
            var entries = attribute.Strings(name);
            var labels = new List<Label>();
            for (var i = 0; i < entries.Length; i++)
            {
                var (key, value, reason) = Validation.SplitPair(entries[i], annotations ? "key=value, such as networking.istio.io/exportTo=." : "key=value, such as version=v1");
                reason ??= Validation.CheckLabelKey(key) ?? (annotations ? null : Validation.CheckLabelValue(value));
                if (reason is null && labels.Any(l => l.Key == key))
                {
                    reason = "the key '" + key + "' is given twice";
                }

                if (reason is not null)
                {
                    Report(DiagnosticDescriptors.InvalidLabel, attribute.ArgumentLocation(name, i), entries[i] ?? "null", reason);
                    continue;
                }

                labels.Add(new Label(key, value));
            }

            return labels.ToEquatableArray();
        }

        /// <summary>exportTo entries, with Istio's list rules: no duplicates ('.' is the own namespace), '*' and '~' only alone.</summary>
        private EquatableArray<string> ReadExportTo(AttributeSnapshot attribute, string name, string? ownNamespace, bool allowNoNamespace = false)
        {
            var values = ReadStrings(attribute, name, (value, _) => Validation.CheckExportTo(value) is { } reason ? (DiagnosticDescriptors.InvalidName, reason) : default);
            var written = attribute.Strings(name);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < written.Length; i++)
            {
                if (written[i] is not { } entry || Validation.CheckExportTo(entry) is not null)
                {
                    continue;
                }

                var reason = !seen.Add(entry == "." && ownNamespace is not null ? ownNamespace : entry) ? "it is listed twice ('.' is the own namespace)"
                    : entry == "*" && written.Length > 1 ? "'*' already exports to every namespace; list it alone"
                    : entry == "~" && !allowNoNamespace ? "'~' (export to no namespace) is only allowed on a ServiceEntry"
                    : entry == "~" && written.Length > 1 ? "'~' exports to no namespace; list it alone"
                    : null;
                if (reason is not null)
                {
                    Report(DiagnosticDescriptors.MalformedListEntry, attribute.ArgumentLocation(name, i), entry, name, reason);
                }
            }

            return values;
        }

        private EquatableArray<string> ReadPlainStrings(AttributeSnapshot attribute, string name, string what) =>
            ReadStrings(attribute, name, (value, _) => string.IsNullOrEmpty(value) ? (DiagnosticDescriptors.InvalidValue, "a " + what + " cannot be empty") : default);

        private EquatableArray<string> ReadStrings(AttributeSnapshot attribute, string name, Func<string?, int, (DiagnosticDescriptor? Descriptor, string? Reason)> check)
        {
            var values = attribute.Strings(name);
            var result = new List<string>();
            for (var i = 0; i < values.Length; i++)
            {
                var value = values[i];
                var (descriptor, reason) = value is null ? (DiagnosticDescriptors.InvalidValue, "it is null") : check(value, i);
                if (descriptor is not null)
                {
                    var location = attribute.ArgumentLocation(name, i);
                    if (descriptor == DiagnosticDescriptors.InvalidName)
                    {
                        Report(descriptor, location, name, value ?? "null", reason!);
                    }
                    else if (descriptor == DiagnosticDescriptors.InvalidValue)
                    {
                        Report(descriptor, location, value ?? "null", name, reason!);
                    }
                    else
                    {
                        Report(descriptor, location, value ?? "null", reason!);
                    }

                    continue;
                }

                result.Add(value!);
            }

            return result.ToEquatableArray();
        }

        /// <summary>Free text such as a path or a network name: anything a manifest can carry (checked with every string, in
        /// <see cref="CheckString"/>).</summary>
        private static string? ReadOptionalText(AttributeSnapshot attribute, string name) => attribute.String(name);

        private void Report(DiagnosticDescriptor descriptor, ArgumentReference? target, params string[] arguments)
        {
            diagnostics.Add(new DiagnosticInfo(descriptor.Id, target, arguments.ToEquatableArray()));
        }
    }
}
