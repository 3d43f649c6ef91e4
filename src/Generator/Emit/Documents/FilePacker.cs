using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace EgressDsl.Generator.Emit.Documents
{
    /// <summary>
    /// Packs a list of files, each a set of named texts, into one generated constant: the format <c>PackedFiles</c>
    /// (src/Abstractions/PackedFiles.cs) documents and the readers unpack. Texts are written into the deflater as they
    /// come, so a proxy's configuration of megabytes is never one string.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Deflate, not a packer of our own: it is in netstandard2.0 (System.IO.Compression, no dependency), and at a thousand
    /// services it makes the Envoy files several times smaller than the LZ4 block it replaced. Its bytes depend on the
    /// zlib of the runtime the compiler runs on (zlib in .NET 8, zlib-ng from .NET 9 on, the framework's in Visual
    /// Studio): a given compiler always writes the same assembly, and every reader gets the same text from any of them,
    /// so the manifests are the same bytes everywhere; only the packed constants may differ between compiler hosts.
    /// </para>
    /// <para>
    /// The deflated bytes are carried fifteen bits a character (U+4000 to U+BFFF): a string constant costs two bytes a
    /// character in the assembly, so base64's six bits a character would make it 2.5 times larger.
    /// </para>
    /// </remarks>
    internal sealed class FilePacker
    {
        // The written files are UTF-8 with replacement (src/Tasks/ManifestDirectory.cs), so packing the same way changes no byte of them.
        private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private const char Separator = '\0';

        private readonly MemoryStream deflated = new();
        private readonly DeflateStream deflater;
        private readonly StreamWriter writer;

        public FilePacker()
        {
            deflater = new DeflateStream(deflated, CompressionLevel.Optimal, leaveOpen: true);
            writer = new StreamWriter(deflater, Utf8, bufferSize: 16 * 1024);
        }

        /// <summary>The constant of one file with one content text.</summary>
        public static string PackFile(string path, string contentName, IEnumerable<string> contentPieces) =>
            new FilePacker().Text("Path", path).Text(contentName, contentPieces).EndFile().Finish();

        /// <summary>Adds a named text to the current file.</summary>
        public FilePacker Text(string name, string value) => Text(name, new[] { value });

        /// <summary>Adds a named text made of <paramref name="pieces"/>, one after the other, to the current file.</summary>
        public FilePacker Text(string name, IEnumerable<string> pieces)
        {
            Write(name);
            writer.Write(Separator);
            foreach (var piece in pieces)
            {
                Write(piece);
            }

            writer.Write(Separator);
            return this;
        }

        /// <summary>Ends the current file; the next text starts another.</summary>
        public FilePacker EndFile()
        {
            writer.Write(Separator);
            return this;
        }

        /// <summary>The constant's characters.</summary>
        public string Finish()
        {
            writer.Dispose();
            var bytes = deflated.GetBuffer();
            var length = (int)deflated.Length;
            const int Bits = 15;
            if (length >= 1 << (2 * Bits))
            {
                throw new InvalidOperationException("A packed constant is limited to 1 GB.");
            }

            var chars = new StringBuilder(2 + (length * 8 + Bits - 1) / Bits);
            chars.Append(Char(length >> Bits)).Append(Char(length & ((1 << Bits) - 1)));
            var accumulator = 0;
            var held = 0;
            for (var i = 0; i < length; i++)
            {
                accumulator = (accumulator << 8) | bytes[i];
                held += 8;
                if (held >= Bits)
                {
                    held -= Bits;
                    chars.Append(Char(accumulator >> held));
                    accumulator &= (1 << held) - 1;
                }
            }

            if (held > 0)
            {
                chars.Append(Char(accumulator << (Bits - held)));
            }

            return chars.ToString();
        }

        private static char Char(int bits) => (char)('\u4000' + bits);

        // The separator ends a name or a value: no text may hold one (YAML and JSON writers escape it).
        private void Write(string text)
        {
            if (text.IndexOf(Separator) >= 0)
            {
                throw new ArgumentException("A packed text holds U+0000.", nameof(text));
            }

            writer.Write(text);
        }
    }
}
