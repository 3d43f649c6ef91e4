using System;
using System.Collections.Generic;
using System.Linq;
using EgressDsl.Cli.Diff;
using EgressDsl.Cli.Import.Intents;
using EgressDsl.Cli.Yaml;

namespace EgressDsl.Cli.Import
{
    /// <summary>One input of an import: a file's name (or <c>-</c>) and its text.</summary>
    internal sealed record ImportInput(string Source, string Text);

    /// <summary>
    /// What an import made: the classes in input order, everything it could not carry over, the Istio API version to build with,
    /// and the EgressGatewayApi to build with (<c>kubernetes</c> when a route without gateway is a Gateway API route, else null).
    /// </summary>
    internal sealed record ImportResult(IReadOnlyList<ImportedClass> Classes, IReadOnlyList<ImportLoss> Losses, string IstioApiVersion, int ObjectCount, string? GatewayApi = null);

    /// <summary>
    /// Turns Kubernetes objects into DSL classes, the generator's emitter run backwards: a ServiceEntry (or a Service's host) is a
    /// service class that also takes the DestinationRule, the Kubernetes Service and its endpoints for the same host; a Gateway is a
    /// gateway class that also takes the DestinationRule for the gateway's Service; VirtualServices are route classes, one per
    /// direct route, combined sidecar-and-gateway route, or pair of sidecar and gateway routes.
    /// </summary>
    /// <remarks>
    /// Every field is either taken by an attribute or listed in <see cref="ImportResult.Losses"/> (<see cref="FieldReader"/>);
    /// a document whose meaning the classes cannot carry (a route to a host no class declares, a second DestinationRule for one
    /// host) is left out whole and listed, never half-imported.
    /// </remarks>
    internal sealed partial class Importer
    {
        internal const string DefaultGatewayServiceHost = "istio-egressgateway.istio-system.svc.cluster.local";
        internal const string DefaultGatewaySelector = "istio=egressgateway";
        internal const string MeshGateway = "mesh";

        private readonly List<ImportLoss> _losses = new();
        private readonly List<ImportedClass> _classes = new();
        /// <summary>Class names taken; the generator adds a nested <c>Egress</c> class to every class, so no class may be called that.</summary>
        private readonly HashSet<string> _classNames = new(StringComparer.Ordinal) { "Egress", "EgressCatalog" };

        /// <summary>Service classes by each of their hosts.</summary>
        private readonly Dictionary<string, ServiceClass> _servicesByHost = new(StringComparer.OrdinalIgnoreCase);

        private readonly List<GatewayClass> _gateways = new();

        /// <summary>Kubernetes Services, by <c>namespace/name</c>, for their Endpoints and EndpointSlices.</summary>
        private readonly Dictionary<string, ServiceClass> _kubernetesServices = new(StringComparer.Ordinal);

        private Importer()
        {
        }

        internal static ImportResult Import(IReadOnlyList<ImportInput> inputs, Action<string> progress)
        {
            var importer = new Importer();
            var objects = importer.Read(inputs);
            progress($"importing {objects.Count} object(s) from {inputs.Count} input(s)");
            var version = importer.ChooseIstioVersion(objects);
            foreach (var kind in new[] { ImportKind.ServiceEntry, ImportKind.Gateway, ImportKind.KubernetesGateway, ImportKind.Service, ImportKind.Endpoints, ImportKind.EndpointSlice, ImportKind.DestinationRule })
            {
                foreach (var item in objects.Where(o => o.Kind == kind))
                {
                    importer.ImportOne(item);
                }
            }

            importer.ImportVirtualServices(objects.Where(o => o.Kind == ImportKind.VirtualService).ToList());
            importer.ImportGatewayApiRoutes(objects);
            foreach (var gateway in importer._gateways)
            {
                gateway.Finish();
            }

            foreach (var service in importer._kubernetesServices.Values)
            {
                service.Class.Part(ClassPart.KubernetesService).Add(AttributeSpec.Of("KubernetesService", service.KubernetesService!.ToArray()));
            }

            var classes = IntentRecognition.Apply(importer._classes.OrderBy(c => c.Order).ToList(), objects, importer._losses, version, progress);
            var losses = importer._losses
                .OrderBy(loss => inputs.ToList().FindIndex(input => input.Source == loss.Source))
                .ThenBy(loss => loss.Document)
                .ThenBy(loss => loss.Item ?? 0)
                .ToList();
            return new ImportResult(classes, losses, version, objects.Count, importer._directGatewayApiRoutes ? "kubernetes" : null);
        }

        private List<ImportedObject> Read(IReadOnlyList<ImportInput> inputs)
        {
            var objects = new List<ImportedObject>();
            foreach (var input in inputs)
            {
                List<YamlObject> documents;
                try
                {
                    documents = YamlInput.Objects(input.Text, input.Source).ToList();
                }
                catch (CliInputException exception)
                {
                    // A template that is not even YAML yet (a Helm chart's templates/): the whole file is reported, the rest imported.
                    _losses.Add(new ImportLoss(input.Source, 0, null, null, null, exception.Message));
                    continue;
                }

                foreach (var document in documents)
                {
                    var stripped = document with { Root = ObjectDiff.WithoutServerSetFields(document.Root, serviceDefaults: true) };
                    var (item, leftOut) = ImportedObject.Classify(stripped, objects.Count);
                    if (leftOut != null)
                    {
                        _losses.Add(leftOut);
                    }
                    else if (objects.FirstOrDefault(o => o.Source.Key(string.Empty) == item!.Source.Key(string.Empty)) is { } first)
                    {
                        // Applied in order, the later object replaces the earlier; kept apart, two classes would claim one object.
                        _losses.Add(item!.Loss(null, $"the same object as {first.Source.Location}, which is imported instead"));
                    }
                    else
                    {
                        objects.Add(item!);
                    }
                }
            }

            return objects;
        }

        /// <summary>The project writes one Istio API version (EgressIstioApiVersion): the first Istio object's; any other is reported.</summary>
        private string ChooseIstioVersion(List<ImportedObject> objects)
        {
            var version = objects.Select(o => o.IstioVersion).FirstOrDefault(v => v != null) ?? "v1";
            foreach (var item in objects.Where(o => o.IstioVersion != null && o.IstioVersion != version))
            {
                item.Reader.MarkLost($"the project writes every Istio object in one version (EgressIstioApiVersion={version}); this one is {item.IstioVersion}", "apiVersion");
            }

            return version;
        }

        private void ImportOne(ImportedObject item)
        {
            try
            {
                switch (item.Kind)
                {
                    case ImportKind.ServiceEntry:
                        ImportServiceEntry(item);
                        break;
                    case ImportKind.Gateway:
                        ImportGateway(item);
                        break;
                    case ImportKind.Service:
                        ImportKubernetesService(item);
                        break;
                    case ImportKind.Endpoints:
                    case ImportKind.EndpointSlice:
                        ImportEndpoints(item);
                        break;
                    case ImportKind.DestinationRule:
                        ImportDestinationRule(item);
                        break;
                    case ImportKind.KubernetesGateway:
                        ImportKubernetesGateway(item);
                        break;
                }

                ReportUnread(item);
            }
            catch (LeaveOutException exception)
            {
                _losses.Add(item.Loss(null, exception.Message));
            }
            catch (Exception exception) when (IsUnexpectedShape(exception))
            {
                _losses.Add(item.Loss(null, UnexpectedShape(exception)));
            }
        }

        /// <summary>A shape of input the importer does not expect must cost that document, reported, never the whole import.</summary>
        private static bool IsUnexpectedShape(Exception exception) =>
            exception is InvalidOperationException || exception is ArgumentException || exception is FormatException
            || exception is NullReferenceException || exception is IndexOutOfRangeException || exception is OverflowException || exception is KeyNotFoundException;

        private static string UnexpectedShape(Exception exception) =>
            "the importer could not read it (" + exception.GetType().Name + ": " + exception.Message + "); please report this document";

        private void ReportUnread(ImportedObject item)
        {
            foreach (var (path, reason) in item.Reader.Unread())
            {
                _losses.Add(item.Loss(path, reason));
            }
        }

        /// <summary>Thrown while mapping a document whose meaning the classes cannot carry; nothing of it has been added yet.</summary>
        private sealed class LeaveOutException : Exception
        {
            internal LeaveOutException(string message)
                : base(message)
            {
            }
        }

        private ImportedClass NewClass(string name, ImportedObject item, string suffix)
        {
            var baseName = CSharp.PascalCase(name);
            var candidate = baseName;
            for (var i = 2; !_classNames.Add(candidate); i++)
            {
                candidate = baseName.EndsWith(suffix, StringComparison.Ordinal) ? baseName + i : baseName + suffix + (i == 2 ? string.Empty : i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var created = new ImportedClass(candidate, item.Source.Source, item.Order);
            _classes.Add(created);
            return created;
        }

        private static void AddOrigin(ImportedClass target, ImportedObject item)
        {
            target.Origins[item.Order] = item.Origin;
            target.Objects.Add(item);
            if (item.Order < target.Order)
            {
                target.Order = item.Order;
                target.Source = item.Source.Source;
            }
        }
    }
}
