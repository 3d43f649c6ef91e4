using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;

// Compiled into EgressDsl.Abstractions and, as a linked source, into EgressDsl.Tasks, like ManifestContent.cs: the run-time
// reader and the build task unpack with the same code. The generator's FilePacker (src/Generator/Emit/Documents) writes it.
namespace EgressDsl
{
    /// <summary>
    /// Reads a generated <c>PackedFiles</c> constant: a list of files, each a set of named texts (<c>Path</c>, <c>Kind</c>,
    /// ..., and one content text named as <see cref="ManifestContent"/> says), deflated and carried fifteen bits a character.
    /// </summary>
    /// <remarks>
    /// <para>The constant's characters are:</para>
    /// <list type="number">
    /// <item>one character of flags: 1 when the deflated bytes continue a stream that started with
    /// <see cref="PackedFilesDictionary.Text"/> (its UTF-8, ended by a sync flush), 2 when it started with
    /// <see cref="PackedFilesDictionary.EnvoyJson"/>, 0 when they are a stream of their own;</item>
    /// <item>two characters holding the number of deflated bytes, fifteen bits each, most significant first;</item>
    /// <item>the deflated bytes (RFC 1951, raw, as <see cref="DeflateStream"/> reads them), fifteen bits a character, most
    /// significant bit first, the last character padded with zero bits.</item>
    /// </list>
    /// <para>
    /// A reader puts the dictionary in front of bytes that continue it as a stored block that is not the last, which leaves
    /// the inflater where the packer's sync flush left the deflater: at a byte boundary with the dictionary in its window.
    /// It then drops the dictionary from what it inflated.
    /// </para>
    /// <para>
    /// Each character is <see cref="CharBase"/> plus its fifteen bits (U+4000 to U+BFFF, never a surrogate, a quote or a
    /// backslash): a string constant costs two bytes a character in the assembly, so this is 1.07 bytes of assembly per
    /// deflated byte, where base64 is 2.67. The inflated text is UTF-8 of <c>name\0value\0</c> pairs; an empty name ends a
    /// file. YAML and JSON writers escape U+0000, so no text holds one.
    /// </para>
    /// <para>
    /// The format never changes under the constant name: a new one gets a new name, so an older reader finds nothing
    /// instead of misreading.
    /// </para>
    /// <para>
    /// A service's generated <c>Egress</c> class may also hold a subset header table, a private constant of its own format
    /// (<c>SubsetHeaderTable</c>, in SubsetHeaderTable.cs beside this file; not packed), which only the run-time reader reads.
    /// </para>
    /// </remarks>
    internal static class PackedFiles
    {
        /// <summary>The name, or the start of the name, of every constant in this format.</summary>
        public const string ConstantName = "PackedFiles";

        /// <summary>The character that stands for fifteen zero bits.</summary>
        public const char CharBase = '\u4000';

        /// <summary>The bits a character carries.</summary>
        public const int BitsPerChar = 15;

        // Replacing invalid bytes would hide a corrupt constant: the packer encodes with replacement, so every packed text is valid UTF-8.
        private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>Whether a constant with this name is in this format.</summary>
        public static bool IsPackedFiles(string constantName) => constantName.StartsWith(ConstantName, StringComparison.Ordinal);

        /// <summary>The files <paramref name="packed"/> holds, each as its named texts, in the order they were packed.</summary>
        /// <exception cref="FormatException">It is not packed files: a character out of range, cut short, not deflate, not UTF-8.</exception>
        public static List<Dictionary<string, string>> Unpack(string packed)
        {
            string text;
            try
            {
                text = StrictUtf8.GetString(Inflate(packed));
            }
            catch (DecoderFallbackException exception)
            {
                throw new FormatException("The packed text is not UTF-8: " + exception.Message, exception);
            }

            var files = new List<Dictionary<string, string>>();
            var file = new Dictionary<string, string>(StringComparer.Ordinal);
            var start = 0;
            while (start < text.Length)
            {
                var nameEnd = text.IndexOf('\0', start);
                if (nameEnd < 0)
                {
                    throw new FormatException("The packed files end inside a name.");
                }

                if (nameEnd == start)
                {
                    files.Add(file);
                    file = new Dictionary<string, string>(StringComparer.Ordinal);
                    start++;
                    continue;
                }

                var valueEnd = text.IndexOf('\0', nameEnd + 1);
                if (valueEnd < 0)
                {
                    throw new FormatException("The packed files end inside a value.");
                }

                file[text.Substring(start, nameEnd - start)] = text.Substring(nameEnd + 1, valueEnd - nameEnd - 1);
                start = valueEnd + 1;
            }

            if (file.Count > 0)
            {
                throw new FormatException("The packed files end inside a file.");
            }

            return files;
        }

        private static readonly byte[] IstioDictionaryBytes = DictionaryBytes(PackedFilesDictionary.IstioFlags);
        private static readonly byte[] EnvoyDictionaryBytes = DictionaryBytes(PackedFilesDictionary.EnvoyFlags);

        private static byte[] DictionaryBytes(int flags) => new UTF8Encoding(false).GetBytes(PackedFilesDictionary.Of(flags)!);

        /// <summary>The inflated bytes: the stream the characters carry, after the dictionary the flags name.</summary>
        private static byte[] Inflate(string packed)
        {
            if (packed.Length < 3)
            {
                throw new FormatException("The packed text has no header.");
            }

            var dictionary = Bits(packed[0]) switch
            {
                0 => new byte[0],
                PackedFilesDictionary.IstioFlags => IstioDictionaryBytes,
                PackedFilesDictionary.EnvoyFlags => EnvoyDictionaryBytes,
                var flags => throw new FormatException("The packed text has flags this library does not know (" + flags + ")."),
            };
            var prefix = dictionary.Length > 0 ? StoredBlock(dictionary) : dictionary;
            var inflated = Inflate(Decode(packed, prefix));
            if (inflated.Length < dictionary.Length)
            {
                throw new FormatException("The packed text ends inside its dictionary.");
            }

            var text = new byte[inflated.Length - dictionary.Length];
            Buffer.BlockCopy(inflated, dictionary.Length, text, 0, text.Length);
            return text;
        }

        // BFINAL 0 and BTYPE 00 in the first three bits, padding to the byte's end, then LEN and NLEN little-endian.
        private static byte[] StoredBlock(byte[] data)
        {
            var block = new byte[5 + data.Length];
            block[1] = (byte)data.Length;
            block[2] = (byte)(data.Length >> 8);
            block[3] = (byte)~block[1];
            block[4] = (byte)~block[2];
            Buffer.BlockCopy(data, 0, block, 5, data.Length);
            return block;
        }

        /// <summary><paramref name="prefix"/>, then the deflated bytes the characters carry.</summary>
        private static byte[] Decode(string packed, byte[] prefix)
        {
            var length = (Bits(packed[1]) << BitsPerChar) | Bits(packed[2]);
            if ((long)length * 8 > (long)(packed.Length - 3) * BitsPerChar)
            {
                throw new FormatException("The packed text is shorter than its length says.");
            }

            var bytes = new byte[prefix.Length + length];
            Buffer.BlockCopy(prefix, 0, bytes, 0, prefix.Length);
            var accumulator = 0;
            var held = 0;
            var written = prefix.Length;
            length = bytes.Length;
            for (var i = 3; i < packed.Length && written < length; i++)
            {
                accumulator = (accumulator << BitsPerChar) | Bits(packed[i]);
                held += BitsPerChar;
                while (held >= 8 && written < length)
                {
                    held -= 8;
                    bytes[written++] = (byte)(accumulator >> held);
                }

                accumulator &= (1 << held) - 1;
            }

            return bytes;
        }

        private static int Bits(char c) =>
            c >= CharBase && c < CharBase + (1 << BitsPerChar) ? c - CharBase : throw new FormatException("The packed text holds a character out of range (U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + ").");

        private static byte[] Inflate(byte[] deflated)
        {
            try
            {
                using var inflater = new DeflateStream(new MemoryStream(deflated), CompressionMode.Decompress);
                using var output = new MemoryStream(deflated.Length * 4);
                inflater.CopyTo(output);
                return output.ToArray();
            }
            catch (InvalidDataException exception)
            {
                throw new FormatException("The packed bytes are not deflate data: " + exception.Message, exception);
            }
        }
    }
}
