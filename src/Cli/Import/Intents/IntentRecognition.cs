using System;
using System.Collections.Generic;
using System.Linq;
using EgressDsl.Cli.Diff;

namespace EgressDsl.Cli.Import.Intents
{
    /// <summary>
    /// Rewrites the imported classes that make up one of the documented egress patterns into the intent attribute that says
    /// so (<c>[DirectEgress]</c>, <c>[SidecarTlsOrigination]</c>, <c>[GatewayEgress]</c>, <c>[ExternalProxy]</c>,
    /// <c>[KubernetesEgressService]</c>), and leaves every other class in the low-level form.
    /// </summary>
    /// <remarks>
    /// A candidate (<see cref="IntentCandidates"/>) is built with the generator itself (<see cref="IntentBuild"/>) and kept only
    /// when it writes exactly input objects, each equal field for field, that are imported whole, and that are all the objects
    /// of the classes it replaces: an intent never loses, adds or changes an object. When the expansion differs only in what a
    /// low-level attribute of the anchor's class refines (a port's name, a load balancer), that attribute joins the intent and
    /// the result is checked again. Whatever the generator's patterns learn, the import follows without change here.
    /// </remarks>
    internal static class IntentRecognition
    {
        /// <summary>The C# namespace of the candidate builds; any name does, the objects do not depend on it.</summary>
        private const string CheckNamespace = "EgressDslImportCheck";

        internal static List<ImportedClass> Apply(List<ImportedClass> classes, IReadOnlyList<ImportedObject> objects,
            IReadOnlyCollection<ImportLoss> losses, string istioApiVersion, Action<string> progress)
        {
            var lossy = new HashSet<(string, int, int?)>(losses.Select(loss => (loss.Source, loss.Document, loss.Item)));
            var whole = objects.Where(o => !lossy.Contains((o.Source.Source, o.Source.Document, o.Source.Item))).ToList();
            var candidates = IntentCandidates.Propose(whole).ToList();
            if (candidates.Count == 0)
            {
                return classes;
            }

            progress($"checking {candidates.Count} intent attribute candidate(s) with the generator");

            // Each build is independent of the others, so they run side by side; which candidates win is then decided in the
            // candidates' order, as if one after the other: a candidate whose objects an earlier one took is passed over.
            var checks = candidates.AsParallel().AsOrdered()
                .Select(candidate => classes.FirstOrDefault(c => c.Objects.Contains(candidate.Anchor)) is { } anchorClass
                    ? Check(candidate, anchorClass, whole, istioApiVersion)
                    : null)
                .ToList();
            var claimed = new HashSet<ImportedObject>();
            var accepted = new List<Accepted>();
            foreach (var intent in checks)
            {
                if (intent != null && !intent.Group.Any(claimed.Contains) && !accepted.Any(a => a.AnchorClass == intent.AnchorClass))
                {
                    accepted.Add(intent);
                    claimed.UnionWith(intent.Group);
                }
            }

            var kept = Replaceable(classes, accepted);
            if (kept.Count == 0)
            {
                return classes;
            }

            var replaced = new HashSet<ImportedClass>(classes.Where(c => c.Objects.Any(o => kept.Any(k => k.Group.Contains(o)))));
            var result = classes.Where(c => !replaced.Contains(c)).ToList();
            foreach (var intent in kept)
            {
                var first = intent.Group.OrderBy(o => o.Order).First();
                var rewritten = new ImportedClass(intent.AnchorClass.Name, first.Source.Source, first.Order);
                foreach (var item in intent.Group)
                {
                    rewritten.Origins[item.Order] = item.Origin;
                    rewritten.Objects.Add(item);
                }

                rewritten.ReplaceAttributes(intent.Attributes);
                result.Add(rewritten);
            }

            return result.OrderBy(c => c.Order).ToList();
        }

        /// <summary>
        /// The accepted intents whose classes can go: every class that holds one of their objects holds only objects of kept
        /// intents (the import may pair, say, a gateway's DestinationRule with another pattern's Gateway), and no class that stays
        /// names one of those classes (<c>typeof</c>). Dropping an intent can strand another, so this repeats until nothing changes.
        /// </summary>
        private static List<Accepted> Replaceable(List<ImportedClass> classes, List<Accepted> accepted)
        {
            var kept = accepted.ToList();
            while (true)
            {
                var covered = new HashSet<ImportedObject>(kept.SelectMany(k => k.Group));
                var replaced = classes.Where(c => c.Objects.Any(covered.Contains)).ToList();
                var staying = classes.Except(replaced).ToList();
                var blocked = new HashSet<ImportedClass>(replaced.Where(c =>
                    c.Objects.Any(o => !covered.Contains(o))
                    || staying.Any(other => other.Attributes.Any(a => a.Arguments.Any(argument => argument.Contains("typeof(" + c.Name
                        + ")", StringComparison.Ordinal))))));
                var dropped = kept.RemoveAll(k => k.Group.Any(o => !replaced.Any(c => c.Objects.Contains(o)) || blocked.Any(c
                    => c.Objects.Contains(o))));
                if (dropped == 0)
                {
                    return kept;
                }
            }
        }

        /// <summary>An intent the generator expands to exactly <see cref="Group"/>, to be written under the anchor's class name.</summary>
        private sealed record Accepted(ImportedClass AnchorClass, IReadOnlyList<AttributeSpec> Attributes,
            IReadOnlyCollection<ImportedObject> Group);

        /// <summary>The intent (with the refinements it needs) and the objects it writes, when it writes exactly input objects.</summary>
        private static Accepted? Check(IntentCandidate candidate, ImportedClass anchorClass, List<ImportedObject> available,
            string istioApiVersion)
        {
            var attributes = new List<AttributeSpec> { candidate.Intent };
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var trial = new ImportedClass(anchorClass.Name, anchorClass.Source, anchorClass.Order);
                trial.ReplaceAttributes(attributes);
                var generated = IntentBuild.Objects(ImportWriter.Write(new[] { trial }, CheckNamespace, istioApiVersion), istioApiVersion);
                if (generated == null || generated.Count == 0)
                {
                    return null;
                }

                var group = new List<ImportedObject>();
                var differences = new List<(ImportedObject Input, FieldDifference Difference)>();
                foreach (var output in generated)
                {
                    var key = output.Key("default");
                    if (available.FirstOrDefault(o => o.Source.Key("default") == key) is not { } input || group.Contains(input))
                    {
                        return null;
                    }

                    group.Add(input);
                    differences.AddRange(ObjectDiff.Compare(output.Root, input.Source.Root, "default").Select(d => (input, d)));
                }

                if (!group.Contains(candidate.Anchor))
                {
                    return null;
                }

                if (differences.Count == 0)
                {
                    return new Accepted(anchorClass, attributes, group);
                }

                var refinements = Refinements(anchorClass, differences).Distinct().Where(r => !attributes.Contains(r)).ToList();
                if (refinements.Count == 0)
                {
                    return null;
                }

                attributes.AddRange(refinements);
            }

            return null;
        }

        /// <summary>
        /// The low-level attributes of the anchor's class that refine the expansion where it differs: the <c>[ServicePort]</c> of a
        /// ServiceEntry port it writes differently (a page's own port name), the class's <c>[LoadBalancer]</c> when a
        /// DestinationRule's load balancing differs.
        /// </summary>
        private static IEnumerable<AttributeSpec> Refinements(ImportedClass anchorClass, List<(ImportedObject Input,
            FieldDifference Difference)> differences)
        {
            var attributes = anchorClass.Attributes.ToList();
            foreach (var (input, difference) in differences)
            {
                if (input.Kind == ImportKind.ServiceEntry && difference.Path.StartsWith("spec.ports[", StringComparison.Ordinal))
                {
                    var index = difference.Path.Substring("spec.ports[".Length, difference.Path.IndexOf(']') - "spec.ports[".Length);
                    var number = (input.Reader.Node("spec", "ports", "[" + index + "]",
                        "number") as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value;
                    foreach (var port in attributes.Where(a => a.Name == "ServicePort" && a.Arguments.Count > 0
                        && a.Arguments[0] == number))
                    {
                        yield return port;
                    }
                }
                else if (input.Kind == ImportKind.DestinationRule && difference.Path.Contains("loadBalancer"))
                {
                    foreach (var balancer in attributes.Where(a => a.Name == "LoadBalancer" && !a.Arguments.Any(argument
                        => argument.StartsWith("Subset = ", StringComparison.Ordinal))))
                    {
                        yield return balancer;
                    }
                }
            }
        }
    }
}
