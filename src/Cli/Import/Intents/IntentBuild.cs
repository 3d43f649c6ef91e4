using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using EgressDsl.Cli.Assemblies;
using EgressDsl.Cli.Yaml;
using EgressDsl.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EgressDsl.Cli.Import.Intents
{
    /// <summary>
    /// Builds C# source with the EgressDsl generator, in-process, and returns the Kubernetes objects it writes: the same
    /// compiler, generator and manifest reader as a project's build, so an intent attribute is judged by what it really expands to.
    /// </summary>
    internal static class IntentBuild
    {
        private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

        private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

        /// <summary>The objects the source builds to, in path order; null when the generator or the compiler reports an error.</summary>
        internal static IReadOnlyList<YamlObject>? Objects(string source, string istioApiVersion)
        {
            var compilation = CSharpCompilation.Create(
                "EgressDslImportCheck",
                new[] { CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Imported.cs") },
                References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            CSharpGeneratorDriver.Create(new[] { new EgressGenerator().AsSourceGenerator() }, parseOptions: ParseOptions,
                optionsProvider: new BuildProperties(istioApiVersion))
                .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
            if (generatorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return null;
            }

            // The manifest reader reads an assembly file, as the build's task does; the folder is this build's alone.
            var folder = Path.Combine(Path.GetTempPath(), "egressdsl-import-" + Guid.NewGuid().ToString("N"));
            try
            {
                Directory.CreateDirectory(folder);
                var assemblyPath = Path.Combine(folder, "EgressDslImportCheck.dll");
                if (!output.Emit(assemblyPath).Success)
                {
                    return null;
                }

                return BuiltAssembly.Read(assemblyPath).ObjectFiles.SelectMany(file => YamlInput.Objects(file.Content, file.RelativePath))
                    .ToList();
            }
            catch (Exception exception) when (exception is CliInputException || exception is IOException
                || exception is UnauthorizedAccessException)
            {
                // No place to build, or nothing readable built: the classes stay low-level, which is never wrong.
                return null;
            }
            finally
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }

        /// <summary>The running .NET's own assemblies (what a project compiles against) and the EgressDsl attributes.</summary>
        private static ImmutableArray<MetadataReference> LoadReferences()
        {
            var platform = ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? string.Empty)
                .Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries)
                .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal)
                    || name == "netstandard.dll" || name == "mscorlib.dll"));
            return platform
                .Append(typeof(ExternalServiceAttribute).Assembly.Location)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray();
        }

        /// <summary>The MSBuild properties the generator reads: the project's Istio version, and no Envoy output (only objects are
        /// compared).</summary>
        private sealed class BuildProperties : AnalyzerConfigOptionsProvider
        {
            private readonly Options _global;

            internal BuildProperties(string istioApiVersion) =>
                _global = new Options(new Dictionary<string, string>
                {
                    ["build_property.EgressIstioApiVersion"] = istioApiVersion,
                    ["build_property.EgressEmitEnvoy"] = "false",
                });

            public override AnalyzerConfigOptions GlobalOptions => _global;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

            private sealed class Options : AnalyzerConfigOptions
            {
                internal static readonly Options Empty = new(new Dictionary<string, string>());

                private readonly Dictionary<string, string> _values;

                internal Options(Dictionary<string, string> values) => _values = values;

                public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
            }
        }
    }
}
