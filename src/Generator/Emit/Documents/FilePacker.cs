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
    /// The stream starts from <see cref="PackedFilesDictionary"/>: the packer deflates it first, ends the block there (a sync
    /// flush, at a byte boundary) and keeps only what follows, which refers back into it; the readers put the dictionary in
    /// front again as a stored block. A class's resources then pack to less than half.
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

        // Whether this runtime's DeflateStream.Flush ends a block at a byte boundary (a zlib sync flush), which the dictionary
        // needs: .NET does, the .NET Framework of Visual Studio's compiler does not, and gets constants without one.
        private static readonly bool SyncFlushes = ProbeSyncFlush();

        private readonly MemoryStream deflated = new();
        private readonly DeflateStream deflater;
        private readonly StreamWriter writer;

        // Where the bytes after the dictionary start: the constant holds only those (0 without a dictionary).
        private readonly int start;

        // Which dictionary the stream starts from (PackedFilesDictionary's flags), 0 for none.
        private readonly int flags;

        /// <summary>
        /// A packer whose stream starts from the dictionary <paramref name="dictionaryFlags"/> names, where the runtime allows.
        /// </summary>
        public FilePacker(int dictionaryFlags = PackedFilesDictionary.IstioFlags)
        {
            deflater = new DeflateStream(deflated, CompressionLevel.Optimal, leaveOpen: true);
            writer = new StreamWriter(deflater, Utf8, bufferSize: 16 * 1024);
            if (SyncFlushes && PackedFilesDictionary.Of(dictionaryFlags) is { } dictionary)
            {
                writer.Write(dictionary);
                writer.Flush();
                start = (int)deflated.Length;
                flags = dictionaryFlags;
            }
        }

        private static bool ProbeSyncFlush()
        {
            using var output = new MemoryStream();
            using (var probe = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
            {
                probe.Write(new byte[] { 1, 2, 3 }, 0, 3);
                probe.Flush();
                var bytes = output.ToArray();
                // A sync flush ends with an empty stored block: 00 00 FF FF.
                return bytes.Length >= 4 && bytes[bytes.Length - 4] == 0 && bytes[bytes.Length - 3] == 0 && bytes[bytes.Length - 2] == 0xFF && bytes[bytes.Length - 1] == 0xFF;
            }
        }

        /// <summary>The constant of one file with one content text.</summary>
        public static string PackFile(
            string path, string contentName, IEnumerable<string> contentPieces, int dictionaryFlags = PackedFilesDictionary.IstioFlags) =>
            new FilePacker(dictionaryFlags).Text("Path", path).Text(contentName, contentPieces).EndFile().Finish();

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
            var length = (int)deflated.Length - start;
            const int Bits = 15;
            if (length >= 1 << (2 * Bits))
            {
                throw new InvalidOperationException("A packed constant is limited to 1 GB.");
            }

            var chars = new StringBuilder(3 + (length * 8 + Bits - 1) / Bits);
            chars.Append(Char(flags)).Append(Char(length >> Bits)).Append(Char(length & ((1 << Bits) - 1)));
            var accumulator = 0;
            var held = 0;
            for (var i = start; i < start + length; i++)
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
