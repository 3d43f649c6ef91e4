using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using EgressDsl.Cli.Import;
using EgressDsl.Cli.Yaml;

namespace EgressDsl.Cli.Commands
{
    /// <summary><c>egressdsl import FILE|DIR|- ... [-o DIR] [--namespace NS] [--accept-loss]</c>: existing YAML into DSL classes.</summary>
    internal static class ImportCommand
    {
        internal static Command Create(CliConsole console)
        {
            var inputs = new Argument<string[]>("FILE|DIR|-")
            {
                Description = "Multi-document YAML files, folders (every .yaml and .yml below them, by path), or - for stdin: Istio ServiceEntry, DestinationRule, Gateway and VirtualService (v1, v1beta1, v1alpha3), Kubernetes Service, Endpoints and EndpointSlice, Gateway API Gateway, HTTPRoute, TLSRoute, TCPRoute and ReferenceGrant (v1; v1beta1 and v1alpha2 where the kind was served), as written or as `kubectl get -o yaml` prints them.",
                Arity = ArgumentArity.OneOrMore,
            };
            var output = new Option<string?>("--output", "-o")
            {
                Description = "Write one C# file per input file into this folder (never replacing an existing file). Without it, print the C# to stdout.",
                HelpName = "DIR",
            };
            var ns = new Option<string>("--namespace", "-n")
            {
                Description = "The C# namespace of the imported classes.",
                DefaultValueFactory = _ => "Egress",
                HelpName = "NS",
            };
            var acceptLoss = new Option<bool>("--accept-loss")
            {
                Description = "Write the classes even though the report lists fields or documents they do not reproduce (exit code 0 instead of 1).",
            };
            var command = new Command("import",
                "Turn existing egress YAML into C# classes with EgressDsl attributes, keeping names, namespaces and order: the intent attribute ([DirectEgress], [SidecarTlsOrigination], [GatewayEgress], [ExternalProxy], [KubernetesEgressService]) where the generator builds exactly the input's objects from it, the low-level attributes otherwise. Every field the DSL cannot express, and every document left out (other kinds, templating, $VARIABLES), is listed on stderr with file, document and path; then nothing is written and the exit code is 1, unless --accept-loss.")
            {
                inputs, output, ns, acceptLoss,
            };
            command.SetAction(parsed => Run(console, parsed.GetValue(inputs)!, parsed.GetValue(output), parsed.GetValue(ns) ?? "Egress",
                parsed.GetValue(acceptLoss)));
            return command;
        }

        private static int Run(CliConsole console, IReadOnlyList<string> paths, string? outputDirectory, string csharpNamespace,
            bool acceptLoss)
        {
            if (!IsNamespace(csharpNamespace))
            {
                throw new CliInputException($"--namespace '{csharpNamespace}' is not a C# namespace name.");
            }

            var inputs = ReadInputs(console, paths);
            var result = Importer.Import(inputs, console.Progress);
            foreach (var loss in result.Losses)
            {
                console.Error.WriteLine("  " + loss);
            }

            console.Progress($"{result.ObjectCount} object(s) imported into {result.Classes.Count} class(es); {result.Losses.Count} thing(s) the classes do not reproduce");
            if (result.Losses.Count > 0 && !acceptLoss)
            {
                console.Progress("nothing written: check the list above, then run again with --accept-loss to accept it");
                return ExitCodes.Findings;
            }

            if (outputDirectory == null)
            {
                console.Output.Write(ImportWriter.Write(result.Classes, csharpNamespace, result.IstioApiVersion, result.GatewayApi));
                return ExitCodes.Ok;
            }

            WriteFiles(console, inputs, result, BuiltAssemblyPath(outputDirectory), csharpNamespace);
            return ExitCodes.Ok;
        }

        private static string BuiltAssemblyPath(string path) => Assemblies.BuiltAssembly.FullPath(path);

        private static void WriteFiles(CliConsole console, IReadOnlyList<ImportInput> inputs, ImportResult result, string directory,
            string csharpNamespace)
        {
            var files = new List<(string Path, string Code)>();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var input in inputs)
            {
                var classes = result.Classes.Where(c => c.Source == input.Source).ToList();
                if (classes.Count == 0)
                {
                    continue;
                }

                var stem = input.Source == YamlInput.StandardInput ? "Imported" : CSharp.PascalCase(Path.GetFileNameWithoutExtension(input.Source));
                var name = stem + ".cs";
                for (var i = 2; !names.Add(name); i++)
                {
                    name = stem + i + ".cs";
                }

                files.Add((Path.Combine(directory, name), ImportWriter.Write(classes, csharpNamespace, result.IstioApiVersion,
                    result.GatewayApi)));
            }

            // Checked before anything is written: an import never replaces a file, so a rerun cannot overwrite edited classes.
            if (files.FirstOrDefault(f => File.Exists(f.Path)) is { Path: not null } existing)
            {
                throw new CliInputException($"'{existing.Path}' exists already; the import never replaces a file. Choose an empty folder or remove it.");
            }

            try
            {
                Directory.CreateDirectory(directory);
                foreach (var (path, code) in files)
                {
                    using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                    var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(code);
                    stream.Write(bytes, 0, bytes.Length);
                    console.Progress("wrote " + path);
                }
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new CliInputException($"The classes could not be written to '{directory}': {exception.Message}", exception);
            }
        }

        private static List<ImportInput> ReadInputs(CliConsole console, IReadOnlyList<string> paths)
        {
            var inputs = new List<ImportInput>();
            foreach (var path in paths)
            {
                if (path != YamlInput.StandardInput && Directory.Exists(path))
                {
                    var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                        .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml",
                            StringComparison.OrdinalIgnoreCase))
                        .OrderBy(f => f.Replace('\\', '/'), StringComparer.Ordinal);
                    inputs.AddRange(files.Select(f => new ImportInput(f, YamlInput.ReadText(console, f))));
                }
                else
                {
                    inputs.Add(new ImportInput(path, YamlInput.ReadText(console, path)));
                }
            }

            return inputs;
        }

        private static bool IsNamespace(string name) =>
            name.Split('.').All(part => part.Length > 0 && (char.IsLetter(part[0]) || part[0] == '_') && part.All(c
                => char.IsLetterOrDigit(c) || c == '_'));
    }
}
