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
        internal const string TypeNamespace = "EgressDsl.Generated.Manifests";
        internal const string PathPrefix = "Path_";
        internal const string ContentPrefix = "Content_";
        internal const string JoinPathPrefix = "JoinPath_";
        internal const string JoinPartsPrefix = "JoinParts_";

        /// <summary>
        /// Returns the files declared by the types of the <c>EgressDsl.Generated.Manifests</c> namespace, ordered by path, or
        /// null when the assembly has no such type (it declares no EgressDsl resources).
        /// </summary>
        /// <remarks>
        /// The generator declares one type per EgressDsl class: each file is a pair of constants <c>Path_X</c> and
        /// <c>Content_X</c>, so editing one class regenerates one type, never a list of everything. A join
        /// (<c>JoinPath_X</c>, <c>JoinParts_X</c>) is a file made of every file whose path starts with the given prefix, in
        /// path order, separated by <c>---</c>: that is how <c>istio.yaml</c> is written without the compiler having to fold
        /// thousands of strings into one constant.
        /// </remarks>
        /// <exception cref="EgressTaskException">The assembly is missing or unreadable, or the type breaks the generator's contract.</exception>
        internal static IReadOnlyList<ManifestFile>? Read(string assemblyPath, bool kustomizationReserved)
        {
            Dictionary<string, string>? constants = ReadStringConstants(assemblyPath);
            if (constants == null)
            {
                return null;
            }

            string typeDescription = $"The {TypeNamespace} types in '{assemblyPath}'";
            var files = new List<ManifestFile>();
            var joins = new List<(string Path, string Prefix)>();
            foreach (KeyValuePair<string, string> constant in constants)
            {
                if (constant.Key.StartsWith(PathPrefix, StringComparison.Ordinal))
                {
                    string contentField = ContentPrefix + constant.Key.Substring(PathPrefix.Length);
                    files.Add(new ManifestFile(constant.Value, Require(constants, contentField, constant.Value, typeDescription, assemblyPath)));
                }
                else if (constant.Key.StartsWith(JoinPathPrefix, StringComparison.Ordinal))
                {
                    string partsField = JoinPartsPrefix + constant.Key.Substring(JoinPathPrefix.Length);
                    joins.Add((constant.Value, Require(constants, partsField, constant.Value, typeDescription, assemblyPath)));
                }
                else if (constant.Key.StartsWith(ContentPrefix, StringComparison.Ordinal)
                    && !constants.ContainsKey(PathPrefix + constant.Key.Substring(ContentPrefix.Length)))
                {
                    throw new EgressTaskException(
                        ErrorCodes.ManifestTypeMalformed,
                        $"{typeDescription} have the constant '{constant.Key}' but no '{PathPrefix}{constant.Key.Substring(ContentPrefix.Length)}' naming its file.",
                        assemblyPath);
                }
            }

            files.Sort((left, right) => string.CompareOrdinal(left.RelativePath, right.RelativePath));
            joins.Sort((left, right) => string.CompareOrdinal(left.Path, right.Path));
            var joined = new List<ManifestFile>();
            foreach ((string path, string prefix) in joins)
            {
                var parts = files.Where(file => file.RelativePath.StartsWith(prefix, StringComparison.Ordinal)).Select(file => file.Content).ToList();
                if (parts.Count > 0)
                {
                    joined.Add(new ManifestFile(path, string.Join("---\n", parts)));
                }
            }

            files.InsertRange(0, joined);
            string? problem = ManifestPaths.GetIndexProblem(files.Select(file => file.RelativePath).ToArray(), kustomizationReserved);
            if (problem != null)
            {
                throw new EgressTaskException(
                    ErrorCodes.ManifestPathInvalid,
                    $"{typeDescription} declare an unusable manifest path: {problem}.",
                    assemblyPath);
            }

            return files;
        }

        private static string Require(Dictionary<string, string> constants, string field, string path, string typeDescription, string assemblyPath)
        {
            if (!constants.TryGetValue(field, out string? value))
            {
                throw new EgressTaskException(
                    ErrorCodes.ManifestTypeMalformed,
                    $"{typeDescription} declare '{path}' but no string constant '{field}'. The EgressDsl generator and EgressDsl.Tasks versions probably differ.",
                    assemblyPath);
            }

            return value;
        }

        /// <summary>Returns every non-null string constant of the manifest type by field name, or null when the type is absent.</summary>
        private static Dictionary<string, string>? ReadStringConstants(string assemblyPath)
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
                using var stream = new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var peReader = new PEReader(stream, PEStreamOptions.PrefetchMetadata);
                if (!peReader.HasMetadata)
                {
                    throw Unreadable(assemblyPath, "it is not a .NET assembly (no metadata)", null);
                }

                MetadataReader reader = peReader.GetMetadataReader();
                Dictionary<string, string>? constants = null;
                foreach (TypeDefinition type in ManifestTypes(reader))
                {
                    constants ??= new Dictionary<string, string>(StringComparer.Ordinal);
                    ReadStringConstants(reader, type, constants, assemblyPath);
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

        private static EgressTaskException Unreadable(string assemblyPath, string reason, Exception? inner) =>
            new EgressTaskException(
                ErrorCodes.AssemblyUnreadable,
                $"The assembly '{assemblyPath}' could not be read for EgressDsl manifests: {reason}",
                assemblyPath,
                inner);

        private static IEnumerable<TypeDefinition> ManifestTypes(MetadataReader reader)
        {
            foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(handle);
                if (type.GetDeclaringType().IsNil && reader.StringComparer.Equals(type.Namespace, TypeNamespace))
                {
                    yield return type;
                }
            }
        }

        private static void ReadStringConstants(MetadataReader reader, TypeDefinition type, Dictionary<string, string> constants, string assemblyPath)
        {
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
                string name = reader.GetString(field.Name);
                if (constants.ContainsKey(name))
                {
                    throw new EgressTaskException(
                        ErrorCodes.ManifestTypeMalformed,
                        $"The {TypeNamespace} types in '{assemblyPath}' declare the constant '{name}' twice.",
                        assemblyPath);
                }

                constants[name] = blob.ReadUTF16(blob.Length);
            }
        }
    }
}
