using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using EgressDsl.Cli.Assemblies;
using EgressDsl.Tasks;

namespace EgressDsl.Cli.Commands
{
    /// <summary><c>egressdsl manifests ASSEMBLY [-o DIR]</c>: the manifests a built assembly embeds, printed or written as the build writes them.</summary>
    internal static class ManifestsCommand
    {
        private const string IstioJoin = "istio.yaml";

        internal static Command Create(CliConsole console)
        {
            var assembly = new Argument<string>("ASSEMBLY") { Description = "The built assembly (bin/.../MyProject.dll) whose EgressDsl manifests to read." };
            var output = new Option<string?>("--output", "-o")
            {
                Description = "Write every file to this folder, exactly as the build's manifests task does (only files egressdsl wrote are ever replaced or removed; a folder holding other files is refused). Without it, print to stdout.",
                HelpName = "DIR",
            };
            var file = new Option<string?>("--file", "-f") { Description = "Print only this file, such as envoy/sidecar.json or istio/serviceentry_default_nginx.yaml.", HelpName = "PATH" };
            var list = new Option<bool>("--list", "-l") { Description = "Print the paths of the files instead of their content." };
            var command = new Command("manifests", "Print the manifests embedded in a built assembly (by default istio.yaml, every Kubernetes object as one multi-document YAML), or write all files to a folder.")
            {
                assembly, output, file, list,
            };
            command.SetAction(parsed => Run(console, parsed.GetValue(assembly)!, parsed.GetValue(output), parsed.GetValue(file), parsed.GetValue(list)));
            return command;
        }

        private static int Run(CliConsole console, string assemblyPath, string? outputDirectory, string? filePath, bool list)
        {
            BuiltAssembly built = BuiltAssembly.Read(assemblyPath);
            if (outputDirectory != null)
            {
                return Write(console, built, outputDirectory);
            }

            if (list)
            {
                foreach (ManifestFile manifest in built.Files)
                {
                    console.Output.WriteLine(manifest.RelativePath);
                }

                return ExitCodes.Ok;
            }

            string wanted = filePath ?? IstioJoin;
            ManifestFile? chosen = built.Files.FirstOrDefault(manifest => manifest.RelativePath == wanted);
            if (chosen == null)
            {
                throw new CliInputException($"The assembly '{assemblyPath}' has no manifest file '{wanted}'. Its files: {string.Join(", ", built.Files.Select(manifest => manifest.RelativePath))}.");
            }

            console.Output.Write(chosen.Content);
            return ExitCodes.Ok;
        }

        private static int Write(CliConsole console, BuiltAssembly built, string outputDirectory)
        {
            string directory = BuiltAssembly.FullPath(outputDirectory);
            console.Progress($"writing {built.Files.Count} file(s) to {directory}");
            var manifests = new ManifestDirectory(directory, _ => { })
            {
                // The folder the command runs in stands for the project folder: never it or a folder above it.
                ProjectDirectory = Environment.CurrentDirectory,
            };
            try
            {
                SynchronizationResult result = manifests.Synchronize(built.Files);
                console.Progress($"{result.ManifestCount} manifest file(s) in {directory} ({result.Written} written, {result.Unchanged} unchanged, {result.Removed} removed)");
                return ExitCodes.Ok;
            }
            catch (EgressTaskException exception)
            {
                throw new CliInputException(exception.Code + ": " + exception.Message, exception);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new CliInputException($"The manifest files in '{directory}' could not be updated: {exception.Message}", exception);
            }
        }
    }
}
