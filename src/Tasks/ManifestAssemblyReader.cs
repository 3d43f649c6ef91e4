using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace EgressDsl.Tasks
{
    /// <summary>
    /// Reads the manifest constants the generator compiled into the user's assembly.
    /// </summary>
    /// <remarks>
    /// Metadata is read directly (never <c>Assembly.Load</c>): loading would lock the file inside long-lived MSBuild nodes,
    /// fail when the assembly targets another framework than MSBuild runs on, and run nothing we need anyway, since constants
    /// live entirely in the metadata tables.
    /// </remarks>
    internal static class ManifestAssemblyReader
    {
        internal const string GeneratorName = "EgressDsl";

        /// <summary>
        /// Returns the files the generator declared in the assembly, ordered by path (joins first), or null when it declared
        /// none (no EgressDsl class).
        /// </summary>
        /// <remarks>
        /// The generator marks each holder of manifest constants with <c>[GeneratedCode("EgressDsl", ...)]</c>: the nested
        /// <c>Egress</c> class of a partial class, a holder class in <c>EgressDsl.Generated.Manifests</c> otherwise, and
        /// the project-wide holders. A holder's <c>PackedFiles</c> constants each hold a list of files (<see cref="PackedFiles"/>),
        /// each with <c>Path</c> and a content text (<c>Yaml</c>, <c>Content</c>, or <c>CompactJson</c> written indented: see
        /// <see cref="ManifestContent"/>). A nested class of a holder is a join, with <c>Path</c> and <c>Parts</c> constants:
        /// the file made of every file whose path starts with <c>Parts</c>, in path order, separated by <c>---</c>. That is
        /// how <c>istio.yaml</c> is written without the compiler folding thousands of strings into one constant.
        /// </remarks>
        /// <param name="assemblyPath">The assembly.</param>
        /// <param name="kustomizationReserved">Whether the kustomization's names are taken (the task writes it).</param>
        /// <param name="recorded">
        /// What the last run learnt from the constants: a constant recorded under its hash yields its recorded files without
        /// being unpacked, each unpacking it only when its text is needed.
        /// </param>
        /// <exception cref="EgressTaskException">The assembly is missing or unreadable, or breaks the generator's contract.</exception>
        internal static IReadOnlyList<ManifestFile>? Read(
            string assemblyPath, bool kustomizationReserved, PackedConstantRecord? recorded = null)
        {
            AssemblyConstants? constants = ReadConstants(assemblyPath);
            if (constants == null)
            {
                return null;
            }

            recorded ??= PackedConstantRecord.Empty;
            var files = new List<ManifestFile>();
            var joins = new List<(string Path, string Prefix)>();
            foreach ((string name, string packed) in constants.Packed)
            {
                string hash = PackedConstantRecord.Hash(packed);
                if (recorded.FilesOf(hash) is IReadOnlyList<PackedConstantRecord.RecordedFile> known)
                {
                    var unpacked = new Lazy<List<Dictionary<string, string>>>(() => Unpack(packed, name, assemblyPath));
                    files.AddRange(known.Select(file => new ManifestFile(
                        file.Path,
                        file.Fingerprint,
                        () => ContentOf(unpacked.Value, file.Path, name, assemblyPath),
                        hash)));
                    continue;
                }

                foreach (Dictionary<string, string> entry in Unpack(packed, name, assemblyPath))
                {
                    AddEntry(entry, hash, files, joins, assemblyPath);
                }
            }

            foreach (Dictionary<string, string> entry in constants.Nested)
            {
                AddEntry(entry, null, files, joins, assemblyPath);
            }

            files.Sort((left, right) => string.CompareOrdinal(left.RelativePath, right.RelativePath));
            joins.Sort((left, right) => string.CompareOrdinal(left.Path, right.Path));
            var joined = new List<ManifestFile>();
            foreach ((string path, string prefix) in joins)
            {
                var parts = files.Where(file => file.RelativePath.StartsWith(prefix, StringComparison.Ordinal)).ToList();
                if (parts.Count > 0)
                {
                    joined.Add(new ManifestFile(
                        path,
                        ManifestFile.Fingerprint("join", parts.Select(part => part.RelativePath + "\n" + part.FingerprintValue)),
                        () => string.Join("---\n", parts.Select(part => part.Content))));
                }
            }

            files.InsertRange(0, joined);
            string? problem = ManifestPaths.GetIndexProblem(files.Select(file => file.RelativePath).ToArray(), kustomizationReserved);
            if (problem != null)
            {
                throw new EgressTaskException(
                    ErrorCodes.ManifestPathInvalid,
                    $"The EgressDsl manifests in '{assemblyPath}' declare an unusable manifest path: {problem}.",
                    assemblyPath);
            }

            return files;
        }

        /// <summary>One unpacked file, or a nested class's constants: a file with its content, or a join.</summary>
        private static void AddEntry(
            Dictionary<string, string> entry,
            string? constantHash,
            List<ManifestFile> files,
            List<(string Path, string Prefix)> joins,
            string assemblyPath)
        {
            if (!entry.TryGetValue("Path", out string? path))
            {
                return;
            }

            if (entry.TryGetValue("Parts", out string? parts))
            {
                joins.Add((path, parts));
            }
            else if (ManifestContent.Declares(entry))
            {
                // The text is made only when the directory needs it (ManifestFile); every text of the file goes into
                // the fingerprint, since the reading rules may look at any of them.
                files.Add(new ManifestFile(path, Fingerprint(entry), () => ManifestContent.Read(entry)!, constantHash));
            }
            else
            {
                throw new EgressTaskException(
                    ErrorCodes.ManifestTypeMalformed,
                    $"The EgressDsl manifests in '{assemblyPath}' declare the file '{path}' without its content. The EgressDsl generator and EgressDsl.Tasks versions probably differ.",
                    assemblyPath);
            }
        }

        /// <summary>The text of a recorded file, from its constant unpacked now.</summary>
        private static string ContentOf(List<Dictionary<string, string>> entries, string path, string constant, string assemblyPath)
        {
            foreach (Dictionary<string, string> entry in entries)
            {
                if (entry.TryGetValue("Path", out string? entryPath) && entryPath == path && ManifestContent.Read(entry) is string content)
                {
                    return content;
                }
            }

            // Only a record naming a file its constant does not hold gets here: the hash says it is the same constant.
            throw new EgressTaskException(
                ErrorCodes.ManifestTypeMalformed,
                $"The EgressDsl manifests in '{assemblyPath}' declare the constant '{constant}', "
                    + $"which no longer holds the file '{path}' recorded for it. "
                    + $"Delete {ManifestPaths.FingerprintsFileName} in the manifests folder and build again.",
                assemblyPath);
        }

        private static string Fingerprint(Dictionary<string, string> constants) =>
            ManifestFile.Fingerprint("constants", constants.OrderBy(pair => pair.Key, StringComparer.Ordinal).SelectMany(pair => new[] { pair.Key, pair.Value }));

        /// <summary>
        /// Every <c>PackedFiles</c> constant, and the string constants of every nested class (joins), of every EgressDsl holder,
        /// or null when there is no holder.
        /// </summary>
        private static AssemblyConstants? ReadConstants(string assemblyPath)
        {
            if (!File.Exists(assemblyPath))
            {
                throw new EgressTaskException(
                    ErrorCodes.AssemblyNotFound,
                    $"The assembly '{assemblyPath}' does not exist, so no manifest files can be written from it.",
                    assemblyPath);
            }

            try
            {
                // FileShare.Delete and ReadWrite let the compiler or a copy step replace the file while we read a snapshot of it;
                // the metadata is copied into memory up front so the file handle is released as soon as possible.
                using var stream = OpenShared(assemblyPath);
                using var peReader = new PEReader(stream, PEStreamOptions.PrefetchMetadata);
                if (!peReader.HasMetadata)
                {
                    throw Unreadable(assemblyPath, "it is not a .NET assembly (no metadata)", null);
                }

                MetadataReader reader = peReader.GetMetadataReader();
                AssemblyConstants? constants = null;
                foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
                {
                    TypeDefinition holder = reader.GetTypeDefinition(handle);
                    if (!IsGeneratedByEgressDsl(reader, holder))
                    {
                        continue;
                    }

                    constants ??= new AssemblyConstants();
                    foreach (KeyValuePair<string, string> constant in ReadStringConstants(reader, holder))
                    {
                        if (PackedFiles.IsPackedFiles(constant.Key))
                        {
                            constants.Packed.Add((reader.GetString(holder.Name) + "." + constant.Key, constant.Value));
                        }
                    }

                    foreach (TypeDefinitionHandle nested in holder.GetNestedTypes())
                    {
                        constants.Nested.Add(ReadStringConstants(reader, reader.GetTypeDefinition(nested)));
                    }
                }

                return constants;
            }
            catch (BadImageFormatException exception)
            {
                throw Unreadable(assemblyPath, exception.Message, exception);
            }
            catch (IOException exception)
            {
                throw Unreadable(assemblyPath, exception.Message, exception);
            }
            catch (UnauthorizedAccessException exception)
            {
                throw Unreadable(assemblyPath, exception.Message, exception);
            }
        }

        /// <summary>
        /// Opens the assembly for reading. Another build of the same project (two `dotnet build`s at once, or an IDE build
        /// next to a command-line one) may still hold it open while its compiler writes it: wait for that, for a while.
        /// </summary>
        internal static FileStream OpenShared(string assemblyPath)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                }
                catch (IOException) when (attempt < SharingAttempts && File.Exists(assemblyPath))
                {
                    System.Threading.Thread.Sleep(SharingDelayMilliseconds);
                }
            }
        }

        private const int SharingAttempts = 60;
        private const int SharingDelayMilliseconds = 250;

        /// <summary>Whether the type carries <c>[System.CodeDom.Compiler.GeneratedCode("EgressDsl", ...)]</c>.</summary>
        private static bool IsGeneratedByEgressDsl(MetadataReader reader, TypeDefinition type)
        {
            foreach (CustomAttributeHandle handle in type.GetCustomAttributes())
            {
                CustomAttribute attribute = reader.GetCustomAttribute(handle);
                if (attribute.Constructor.Kind != HandleKind.MemberReference)
                {
                    continue;
                }

                MemberReference constructor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
                if (constructor.Parent.Kind != HandleKind.TypeReference)
                {
                    continue;
                }

                TypeReference attributeType = reader.GetTypeReference((TypeReferenceHandle)constructor.Parent);
                if (!reader.StringComparer.Equals(attributeType.Name, "GeneratedCodeAttribute")
                    || !reader.StringComparer.Equals(attributeType.Namespace, "System.CodeDom.Compiler"))
                {
                    continue;
                }

                // The value blob is a 0x0001 prolog, then the constructor's first argument, the tool name.
                BlobReader value = reader.GetBlobReader(attribute.Value);
                if (value.Length > 2 && value.ReadUInt16() == 1 && value.ReadSerializedString() == GeneratorName)
                {
                    return true;
                }
            }

            return false;
        }

        private static List<Dictionary<string, string>> Unpack(string packed, string constant, string assemblyPath)
        {
            try
            {
                return PackedFiles.Unpack(packed);
            }
            catch (FormatException exception)
            {
                throw new EgressTaskException(
                    ErrorCodes.ManifestTypeMalformed,
                    $"The EgressDsl manifests in '{assemblyPath}' declare the constant '{constant}', which cannot be unpacked ({exception.Message}) The assembly is damaged, or the EgressDsl generator and EgressDsl.Tasks versions differ.",
                    assemblyPath,
                    exception);
            }
        }

        /// <summary>The EgressDsl holders' constants, as read from the metadata.</summary>
        private sealed class AssemblyConstants
        {
            /// <summary>Each <c>PackedFiles</c> constant: its name (holder.constant, for messages) and its characters.</summary>
            internal List<(string Name, string Packed)> Packed { get; } = new List<(string Name, string Packed)>();

            /// <summary>The string constants of each nested class of a holder.</summary>
            internal List<Dictionary<string, string>> Nested { get; } = new List<Dictionary<string, string>>();
        }

        private static EgressTaskException Unreadable(string assemblyPath, string reason, Exception? inner) =>
            new EgressTaskException(
                ErrorCodes.AssemblyUnreadable,
                $"The assembly '{assemblyPath}' could not be read for EgressDsl manifests: {reason}",
                assemblyPath,
                inner);

        internal static Dictionary<string, string> ReadStringConstants(MetadataReader reader, TypeDefinition type)
        {
            var constants = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (FieldDefinitionHandle handle in type.GetFields())
            {
                FieldDefinition field = reader.GetFieldDefinition(handle);
                if ((field.Attributes & FieldAttributes.Literal) == 0)
                {
                    continue;
                }

                ConstantHandle constantHandle = field.GetDefaultValue();
                if (constantHandle.IsNil)
                {
                    continue;
                }

                // A null string constant is stored with type code Class, so only real strings pass this test.
                Constant constant = reader.GetConstant(constantHandle);
                if (constant.TypeCode != ConstantTypeCode.String)
                {
                    continue;
                }

                BlobReader blob = reader.GetBlobReader(constant.Value);
                constants[reader.GetString(field.Name)] = blob.ReadUTF16(blob.Length);
            }

            return constants;
        }
    }
}
