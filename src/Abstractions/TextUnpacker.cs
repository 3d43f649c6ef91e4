using System;
using System.Text;

// Compiled into EgressDsl.Abstractions and, as a linked source, into EgressDsl.Tasks, like ManifestContent.cs: the run-time
// reader and the build task unpack with the same code. The generator's TextPacker (src/Generator/Emit/Documents) writes it.
namespace EgressDsl
{
    /// <summary>
    /// Reads the packed text of a generated constant: base64 of the packed bytes, which are
    /// <list type="number">
    /// <item>the length of the text's UTF-8 bytes, unsigned LEB128 (seven bits a byte, least significant first, high bit set
    /// on every byte but the last);</item>
    /// <item>those bytes as one LZ4 block (the block format of lz4's doc/lz4_Block_format.md, without a frame): sequences of a
    /// token byte whose high four bits are the literal count and low four bits the match length minus 4 (either 15 continues
    /// with bytes added to it, each 255 but the last), the literals, then the match's distance back, two bytes little-endian
    /// (1 to 65,535), and the match length's continuation. The last sequence is literals only and ends the data.</item>
    /// </list>
    /// </summary>
    /// <remarks>
    /// The generator packs the Envoy files because at a thousand services their text is megabytes of C# the compiler
    /// parses, binds and emits on every build. An LZ4 block, not gzip: the packed bytes are part of a generated source, which
    /// must be the same on every machine, and gzip's output depends on the zlib of the runtime the compiler runs on. The
    /// format never changes under a constant name: a new one gets a new name, so an older reader fails instead of misreading.
    /// </remarks>
    internal static class TextUnpacker
    {
        private const int MinimumMatch = 4;
        private const int LengthContinues = 15;

        // Replacing invalid bytes would hide a corrupt constant: the packer encodes with replacement, so every packed text is valid UTF-8.
        private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>The text <paramref name="packed"/> holds.</summary>
        /// <exception cref="FormatException">It is not packed text: not base64, cut short, or inconsistent.</exception>
        public static string Unpack(string packed)
        {
            var bytes = Decompress(Convert.FromBase64String(packed));
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException exception)
            {
                throw new FormatException("The packed text is not UTF-8: " + exception.Message, exception);
            }
        }

        /// <summary>The bytes the packed bytes (length prefix and LZ4 block) stand for.</summary>
        /// <exception cref="FormatException">The data is cut short or inconsistent.</exception>
        public static byte[] Decompress(byte[] packed)
        {
            var input = 0;
            var output = new byte[ReadLength(packed, ref input)];
            var written = 0;
            while (true)
            {
                if (input == packed.Length)
                {
                    throw Corrupt("it ends inside a sequence");
                }

                int token = packed[input++];
                var literals = ReadCount(packed, ref input, token >> 4, 0);
                if (literals > packed.Length - input || literals > output.Length - written)
                {
                    throw Corrupt("a literal run goes past the end");
                }

                Buffer.BlockCopy(packed, input, output, written, literals);
                input += literals;
                written += literals;
                if (input == packed.Length)
                {
                    break;
                }

                if (packed.Length - input < 2)
                {
                    throw Corrupt("it ends inside a match distance");
                }

                var distance = packed[input] | (packed[input + 1] << 8);
                input += 2;
                if (distance == 0 || distance > written)
                {
                    throw Corrupt("a match points before the start");
                }

                var length = ReadCount(packed, ref input, token & 0xF, MinimumMatch);
                if (length > output.Length - written)
                {
                    throw Corrupt("a match goes past the end");
                }

                if (distance >= length)
                {
                    Buffer.BlockCopy(output, written - distance, output, written, length);
                }
                else
                {
                    // The match overlaps what it writes ("aaaa" is "a" and a match at distance 1): byte by byte, in order.
                    for (var i = 0; i < length; i++)
                    {
                        output[written + i] = output[written - distance + i];
                    }
                }

                written += length;
            }

            if (written != output.Length)
            {
                throw Corrupt("it holds " + written + " bytes where its header says " + output.Length);
            }

            return output;
        }

        private static int ReadLength(byte[] packed, ref int input)
        {
            long length = 0;
            for (var shift = 0; shift < 35; shift += 7)
            {
                if (input == packed.Length)
                {
                    throw Corrupt("it ends inside its length");
                }

                var part = packed[input++];
                length |= (long)(part & 0x7F) << shift;
                if (part < 0x80)
                {
                    return length <= int.MaxValue ? (int)length : throw Corrupt("its length is too large");
                }
            }

            throw Corrupt("its length is too large");
        }

        /// <summary>A literal count or match length: the token's four bits, continued by bytes while they are 255.</summary>
        private static int ReadCount(byte[] packed, ref int input, int nibble, int minimum)
        {
            long count = nibble + minimum;
            if (nibble == LengthContinues)
            {
                byte part;
                do
                {
                    if (input == packed.Length)
                    {
                        throw Corrupt("it ends inside a length");
                    }

                    part = packed[input++];
                    count += part;
                }
                while (part == 255 && count <= int.MaxValue);
            }

            return count <= int.MaxValue ? (int)count : throw Corrupt("a length is too large");
        }

        private static FormatException Corrupt(string reason) => new("The packed text is corrupt: " + reason + ".");
    }
}
