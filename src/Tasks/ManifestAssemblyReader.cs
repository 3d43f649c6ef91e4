using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
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
        internal const string TypeNamespace = "EgressDsl.Generated";
        internal const string TypeName = "EgressManifestFiles";
        internal const string IndexFieldName = "Index";
        internal const string FileFieldPrefix = "File";

        /// <summary>
        /// Returns the files listed by <c>EgressDsl.Generated.EgressManifestFiles</c> in index order,
        /// or null when the assembly has no such type (it declares no EgressDsl resources).
        /// </summary>
        /// <exception cref="EgressTaskException">The assembly is missing or unreadable, or the type breaks the generator's contract.</exception>
        internal static IReadOnlyList<ManifestFile>? Read(string assemblyPath, bool kustomizationReserved)
        {
            Dictionary<string, string>? constants = ReadStringConstants(assemblyPath);
            if (constants == null)
            {
                return null;
            }

            string typeDescription = $"{TypeNamespace}.{TypeName} in '{assemblyPath}'";
            if (!constants.TryGetValue(IndexFieldName, out string? index))
            {
                throw new EgressTaskException(
                    ErrorCodes.ManifestTypeMalformed,
                    $"{typeDescription} has no string constant '{IndexFieldName}'. The EgressDsl generator and EgressDsl.Tasks versions probably differ.",
                    assemblyPath);
            }

            // The contract separates paths with '\n' and has no trailing separator, so an empty Index means "no files", not "one empty path".
            string[] paths = index.Length == 0 ? new string[0] : index.Split('\n');
            string? problem = ManifestPaths.GetIndexProblem(paths, kustomizationReserved);
            if (problem != null)
            {
                throw new EgressTaskException(
                    ErrorCodes.ManifestPathInvalid,
                    $"{typeDescription} lists an unusable manifest path: {problem}.",
                    assemblyPath);
            }

            var files = new List<ManifestFile>(paths.Length);
            for (int i = 0; i < paths.Length; i++)
            {
                string fieldName = FileFieldPrefix + i.ToString(CultureInfo.InvariantCulture);
                if (!constants.TryGetValue(fieldName, out string? content))
                {
                    throw new EgressTaskException(
                        ErrorCodes.ManifestTypeMalformed,
                        $"{typeDescription} lists '{paths[i]}' at position {i} but has no string constant '{fieldName}'.",
                        assemblyPath);
                }

                files.Add(new ManifestFile(paths[i], content));
            }

            return files;
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
                TypeDefinition? type = FindManifestType(reader);
                return type == null ? null : ReadStringConstants(reader, type.Value);
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

        private static TypeDefinition? FindManifestType(MetadataReader reader)
        {
            foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(handle);
                if (type.GetDeclaringType().IsNil
                    && reader.StringComparer.Equals(type.Name, TypeName)
                    && reader.StringComparer.Equals(type.Namespace, TypeNamespace))
                {
                    return type;
                }
            }

            return null;
        }

        private static Dictionary<string, string> ReadStringConstants(MetadataReader reader, TypeDefinition type)
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
