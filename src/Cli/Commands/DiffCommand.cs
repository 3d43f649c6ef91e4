using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using EgressDsl.Cli.Assemblies;
using EgressDsl.Cli.Diff;
using EgressDsl.Cli.Yaml;

namespace EgressDsl.Cli.Commands
{
    /// <summary><c>egressdsl diff ASSEMBLY LIVE.yaml</c>: the generated objects against what a cluster holds.</summary>
    internal static class DiffCommand
    {
        internal static Command Create(CliConsole console)
        {
            var assembly = new Argument<string>("ASSEMBLY") { Description = "The built assembly whose generated objects are the desired state." };
            var live = new Argument<string>("LIVE.yaml") { Description = "What the cluster holds: the output of `kubectl get ... -o yaml` (single objects, several documents, or a List), or - for stdin." };
            var ns = new Option<string>("--namespace", "-n")
            {
                Description = "The namespace of generated objects that name none (where `kubectl apply` would put them).",
                DefaultValueFactory = _ => "default",
                HelpName = "NS",
            };
            var ignoreExtra = new Option<bool>("--ignore-extra-objects") { Description = "Do not report cluster objects the assembly does not generate (useful when LIVE.yaml is a whole namespace)." };
            var command = new Command("diff", "Compare the objects a built assembly generates with a cluster's (kubectl get -o yaml output), field by field, ignoring what the API server sets (status, resourceVersion, uid, managedFields, creationTimestamp, generation, the last-applied annotation). Exit code 1 on drift.")
            {
                assembly, live, ns, ignoreExtra,
            };
            command.SetAction(parsed => Run(console, parsed.GetValue(assembly)!, parsed.GetValue(live)!, parsed.GetValue(ns) ?? "default", parsed.GetValue(ignoreExtra)));
            return command;
        }

        private static int Run(CliConsole console, string assemblyPath, string livePath, string defaultNamespace, bool ignoreExtra)
        {
            BuiltAssembly built = BuiltAssembly.Read(assemblyPath);
            var generated = built.ObjectFiles.SelectMany(file => YamlInput.Objects(file.Content, file.RelativePath)).ToList();
            var liveObjects = YamlInput.Objects(YamlInput.ReadText(console, livePath), livePath).ToList();
            console.Progress($"comparing {generated.Count} generated object(s) with {liveObjects.Count} object(s) from {livePath}");

            var liveByKey = new Dictionary<string, YamlObject>(StringComparer.Ordinal);
            foreach (var item in liveObjects)
            {
                liveByKey[item.Key(defaultNamespace)] = item;
            }

            int missing = 0, changed = 0, extra = 0;
            var matched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var desired in generated)
            {
                var key = desired.Key(defaultNamespace);
                if (!liveByKey.TryGetValue(key, out var actual))
                {
                    missing++;
                    console.Output.WriteLine("missing  " + key);
                    continue;
                }

                matched.Add(key);
                var differences = ObjectDiff.Compare(desired.Root, actual.Root, defaultNamespace);
                if (differences.Count > 0)
                {
                    changed++;
                    console.Output.WriteLine("changed  " + key + " (" + actual.Location + ")");
                    foreach (var difference in differences)
                    {
                        console.Output.WriteLine("  " + difference);
                    }
                }
            }

            if (!ignoreExtra)
            {
                foreach (var item in liveObjects.Where(item => !matched.Contains(item.Key(defaultNamespace))))
                {
                    extra++;
                    console.Output.WriteLine("extra    " + item.Key(defaultNamespace) + " (" + item.Location + ")");
                }
            }

            console.Progress($"{generated.Count} generated object(s): {generated.Count - missing - changed} in step, {changed} changed, {missing} missing from the cluster; {extra} extra in the cluster");
            return missing + changed + extra == 0 ? ExitCodes.Ok : ExitCodes.Findings;
        }
    }
}
