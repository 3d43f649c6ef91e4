using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EgressDsl.Tasks.Tests
{
    /// <summary>A folder under the system temp directory that is deleted with the test.</summary>
    internal sealed class TemporaryDirectory : IDisposable
    {
        internal TemporaryDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "egressdsl-tasks-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        internal string Path { get; }

        internal string Combine(params string[] parts) => System.IO.Path.Combine(new[] { Path }.Concat(parts).ToArray());

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is not worth failing a test for.
            }
        }
    }

    /// <summary>Compiles assemblies shaped like the generator's output, without running the generator.</summary>
    internal static class ManifestAssemblies
    {
        /// <summary>Source of an EgressDsl manifest holder (a class marked [GeneratedCode("EgressDsl")]) declaring <paramref name="files"/>, one nested class each.</summary>
        internal static string ManifestSource(params (string Path, string Content)[] files)
        {
            var builder = new StringBuilder();
            builder.AppendLine("namespace EgressDsl.Generated.Manifests {");
            builder.AppendLine("  [System.CodeDom.Compiler.GeneratedCode(\"EgressDsl\", \"1.0\")]");
            builder.AppendLine("  internal static class Files {");
            for (int i = 0; i < files.Length; i++)
            {
                builder.Append("    public static class F").Append(i).Append(" { public const string Path = ")
                    .Append(SymbolDisplay.FormatLiteral(files[i].Path, quote: true))
                    .Append("; public const string Content = ")
                    .Append(SymbolDisplay.FormatLiteral(files[i].Content, quote: true))
                    .AppendLine("; }");
            }

            builder.AppendLine("  }");
            builder.AppendLine("}");
            return builder.ToString();
        }

        /// <summary>Compiles an assembly with the manifest type for <paramref name="files"/>.</summary>
        internal static string EmitManifests(string directory, params (string Path, string Content)[] files) =>
            Emit(directory, ManifestSource(files));

        /// <summary>Compiles <paramref name="source"/> into a uniquely named dll in <paramref name="directory"/>.</summary>
        internal static string Emit(string directory, string source)
        {
            string name = "Sample" + Guid.NewGuid().ToString("N");
            CSharpCompilation compilation = CSharpCompilation.Create(
                name,
                new[] { CSharpSyntaxTree.ParseText(source) },
                new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            string path = System.IO.Path.Combine(directory, name + ".dll");
            using (FileStream stream = File.Create(path))
            {
                var result = compilation.Emit(stream);
                if (!result.Success)
                {
                    throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
                }
            }

            return path;
        }
    }

    /// <summary>Collects what a task logs; thread-safe because the concurrency test shares nothing else but may share this.</summary>
    internal sealed class RecordingBuildEngine : IBuildEngine
    {
        private readonly object _gate = new object();

        internal List<BuildErrorEventArgs> Errors { get; } = new List<BuildErrorEventArgs>();

        internal List<BuildWarningEventArgs> Warnings { get; } = new List<BuildWarningEventArgs>();

        internal List<BuildMessageEventArgs> Messages { get; } = new List<BuildMessageEventArgs>();

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "test.proj";

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;

        public void LogCustomEvent(CustomBuildEventArgs e)
        {
        }

        public void LogErrorEvent(BuildErrorEventArgs e)
        {
            lock (_gate)
            {
                Errors.Add(e);
            }
        }

        public void LogMessageEvent(BuildMessageEventArgs e)
        {
            lock (_gate)
            {
                Messages.Add(e);
            }
        }

        public void LogWarningEvent(BuildWarningEventArgs e)
        {
            lock (_gate)
            {
                Warnings.Add(e);
            }
        }

        internal string Summary => Messages.Single(message => message.Importance == MessageImportance.High).Message!;
    }
}
