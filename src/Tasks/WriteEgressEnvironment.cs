using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace EgressDsl.Tasks
{
    /// <summary>
    /// Writes the C# source of <c>EgressDsl.Generated.EgressEnvironment</c>: one string constant per value an
    /// <c>EgressEnvironment</c> item declares (its metadata), for one environment, so attributes can use values that differ
    /// between environments (<c>CredentialName = EgressEnvironment.Credential</c>) and every check runs on each environment's values.
    /// </summary>
    /// <remarks>
    /// Every environment must declare the same values: a value missing in one environment would make that environment's build
    /// fail with a compiler error far from its cause, so it is reported here, naming the item (EGRESS127).
    /// </remarks>
    public sealed class WriteEgressEnvironment : Task
    {
        private static readonly Regex EnvironmentNamePattern = new Regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant);
        private static readonly Regex ValueName = new Regex("^[A-Z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        /// <summary>The folder names of the manifests folder that an environment's folder would collide with.</summary>
        private static readonly string[] Reserved = { "istio", "envoy", ManifestPaths.ReferencedFolderName };

        /// <summary>The <c>EgressEnvironment</c> items: the name is the item, each custom metadata a value.</summary>
        [Required]
        public ITaskItem[] Environments { get; set; } = new ITaskItem[0];

        /// <summary>The environment whose values to write; empty for the first item (the plain build and the IDE).</summary>
        public string Environment { get; set; } = string.Empty;

        /// <summary>The C# file to write (only when its text changes, so the compiler is not rerun for nothing).</summary>
        [Required]
        public string OutputFile { get; set; } = string.Empty;

        /// <summary>The environment written.</summary>
        [Output]
        public string EnvironmentName { get; private set; } = string.Empty;

        /// <inheritdoc />
        public override bool Execute()
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (ITaskItem environment in Environments)
            {
                string name = environment.ItemSpec;
                if (!EnvironmentNamePattern.IsMatch(name) || Reserved.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    Error(ErrorCodes.EnvironmentNameInvalid, $"EgressEnvironment '{name}' is not a usable environment name: use lower-case letters, digits and '-' (it names the folder egress/{name}/), and none of {string.Join(", ", Reserved)}.");
                }
                else if (!seen.Add(name))
                {
                    Error(ErrorCodes.EnvironmentNameInvalid, $"EgressEnvironment '{name}' is declared twice.");
                }
            }

            List<string>? expected = null;
            string? first = null;
            foreach (ITaskItem environment in Environments)
            {
                List<string> names = Values(environment).Keys.OrderBy(key => key, StringComparer.Ordinal).ToList();
                foreach (string bad in names.Where(key => !ValueName.IsMatch(key) || key == "Name"))
                {
                    Error(ErrorCodes.EnvironmentValuesInvalid, $"EgressEnvironment '{environment.ItemSpec}' declares the value '{bad}': a value's name becomes a C# constant, so it must start with an upper-case letter and hold only letters, digits and '_' ('Name' is the environment's own name).");
                }

                if (expected == null)
                {
                    expected = names;
                    first = environment.ItemSpec;
                    continue;
                }

                foreach (string missing in expected.Except(names))
                {
                    Error(ErrorCodes.EnvironmentValuesInvalid, $"EgressEnvironment '{environment.ItemSpec}' does not declare the value '{missing}', which '{first}' declares: every environment declares the same values.");
                }

                foreach (string extra in names.Except(expected))
                {
                    Error(ErrorCodes.EnvironmentValuesInvalid, $"EgressEnvironment '{environment.ItemSpec}' declares the value '{extra}', which '{first}' does not: every environment declares the same values.");
                }
            }

            if (Log.HasLoggedErrors || Environments.Length == 0)
            {
                return !Log.HasLoggedErrors;
            }

            ITaskItem? chosen = Environment.Length == 0
                ? Environments[0]
                : Environments.FirstOrDefault(item => string.Equals(item.ItemSpec, Environment, StringComparison.Ordinal));
            if (chosen == null)
            {
                Error(ErrorCodes.EnvironmentNameInvalid, $"No EgressEnvironment item is named '{Environment}'.");
                return false;
            }

            EnvironmentName = chosen.ItemSpec;
            string source = Source(chosen.ItemSpec, Values(chosen));
            string? folder = Path.GetDirectoryName(Path.GetFullPath(OutputFile));
            if (folder != null)
            {
                Directory.CreateDirectory(folder);
            }

            if (!File.Exists(OutputFile) || File.ReadAllText(OutputFile) != source)
            {
                File.WriteAllText(OutputFile, source, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }

            return true;
        }

        private void Error(string code, string message) => Log.LogError(null, code, null, null, 0, 0, 0, 0, "{0}", message);

        private static SortedDictionary<string, string> Values(ITaskItem environment)
        {
            var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (System.Collections.DictionaryEntry entry in environment.CloneCustomMetadata())
            {
                values[(string)entry.Key] = (string)entry.Value!;
            }

            return values;
        }

        private static string Source(string name, SortedDictionary<string, string> values)
        {
            var builder = new StringBuilder();
            builder.Append("// <auto-generated/>\n");
            builder.Append("// EgressDsl: the values of the environment '").Append(name).Append("', from its EgressEnvironment item.\n");
            builder.Append("namespace EgressDsl.Generated\n{\n");
            builder.Append("    /// <summary>The values of the environment this build compiles (EgressEnvironment items); constants, so attributes can use them.</summary>\n");
            builder.Append("    internal static class EgressEnvironment\n    {\n");
            builder.Append("        /// <summary>The environment's name.</summary>\n");
            builder.Append("        public const string Name = ").Append(Literal(name)).Append(";\n");
            foreach (KeyValuePair<string, string> value in values)
            {
                builder.Append("\n        /// <summary>The EgressEnvironment value ").Append(value.Key).Append(".</summary>\n");
                builder.Append("        public const string ").Append(value.Key).Append(" = ").Append(Literal(value.Value)).Append(";\n");
            }

            builder.Append("    }\n}\n");
            return builder.ToString();
        }

        private static string Literal(string value)
        {
            var builder = new StringBuilder("\"");
            foreach (char character in value)
            {
                switch (character)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (character < ' ')
                        {
                            builder.Append("\\u").Append(((int)character).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(character);
                        }

                        break;
                }
            }

            return builder.Append('"').ToString();
        }
    }
}
