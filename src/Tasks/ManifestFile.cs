using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace EgressDsl.Tasks
{
    /// <summary>
    /// One file the generator asked for: a validated relative path, its text, and a fingerprint of what the text is made from.
    /// </summary>
    /// <remarks>
    /// The text of an Envoy file is unpacked and laid out from its constant, tens of megabytes at a thousand services, on a
    /// build whose manifests mostly did not change. The fingerprint (SHA-256 of the constants and of this assembly's
    /// identity, since the reading rules are its code) lets <see cref="ManifestDirectory"/> leave a file whose fingerprint
    /// and file on disk are as it recorded them without producing its text at all.
    /// </remarks>
    internal sealed class ManifestFile
    {
        private static readonly string ReaderIdentity = typeof(ManifestFile).Assembly.ManifestModule.ModuleVersionId.ToString("N");

        private readonly Func<string>? _produce;
        private string? _content;

        /// <summary>A file whose text is known.</summary>
        internal ManifestFile(string relativePath, string content)
            : this(relativePath, Fingerprint("text", new[] { content }), null)
        {
            _content = content;
        }

        /// <summary>
        /// A file whose text <paramref name="produce"/> makes from what <paramref name="fingerprint"/> was computed from, out of the
        /// <c>PackedFiles</c> constant with the hash <paramref name="constantHash"/> if it comes from one.
        /// </summary>
        internal ManifestFile(string relativePath, string fingerprint, Func<string>? produce, string? constantHash = null)
        {
            RelativePath = relativePath;
            FingerprintValue = fingerprint;
            _produce = produce;
            ConstantHash = constantHash;
        }

        /// <summary>Forward-slash path relative to the manifests directory.</summary>
        internal string RelativePath { get; }

        /// <summary>Equal for two files exactly when their texts are made from the same values by the same reader.</summary>
        internal string FingerprintValue { get; }

        /// <summary>The hash of the <c>PackedFiles</c> constant the file comes from; null for any other file.</summary>
        internal string? ConstantHash { get; }

        /// <summary>The text, made on first use; a damaged constant throws <see cref="EgressTaskException"/> here.</summary>
        internal string Content => _content ??= _produce!();

        /// <summary>
        /// SHA-256 of <paramref name="kind"/>, this assembly's identity and <paramref name="values"/>, each length-prefixed so
        /// that no two different lists hash the same text.
        /// </summary>
        internal static string Fingerprint(string kind, IEnumerable<string> values)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Append(hash, kind);
            Append(hash, ReaderIdentity);
            foreach (string value in values)
            {
                Append(hash, value);
            }

            var builder = new StringBuilder(64);
            foreach (byte b in hash.GetHashAndReset())
            {
                builder.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return builder.ToString();
        }

        private static void Append(IncrementalHash hash, string value)
        {
            hash.AppendData(BitConverter.GetBytes(value.Length));
            hash.AppendData(Encoding.UTF8.GetBytes(value));
        }
    }
}
