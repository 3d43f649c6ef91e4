using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;

namespace EgressDsl.Generator.Emit.Documents
{
    /// <summary>
    /// Packs a text for a generated constant: base64 of its UTF-8 bytes' length and the bytes as an LZ4 block, the format
    /// <c>TextUnpacker</c> (src/Abstractions/TextUnpacker.cs) documents and the readers unpack.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Greedy LZ4 matching: a hash table of the last position of each four-byte sequence, one candidate per position, so
    /// packing is linear. Misses make the search step grow, as in LZ4, so incompressible text costs little.
    /// </para>
    /// <para>
    /// The output is part of a generated source, so it must be the same on every machine and runtime: it depends only on
    /// the input bytes, read and compared byte by byte (never as a machine word whose order could differ), and on sizes that
    /// depend only on the input's length.
    /// </para>
    /// </remarks>
    internal static class TextPacker
    {
        private const int MinimumMatch = 4;
        private const int MaximumDistance = 65535;
        private const int LengthContinues = 15;

        // LZ4 blocks end with at least five literals, and their last match starts at least twelve bytes before the end:
        // any LZ4 decoder reads the block then, fast ones included.
        private const int FinalLiterals = 5;
        private const int LastMatchMargin = 12;

        private const int MaximumHashBits = 16;
        private const int MinimumHashBits = 8;
        private const uint HashMultiplier = 2654435761;

        // After 64 misses in a row the search steps two bytes at a time, after 128 three, and so on.
        private const int MissesPerStep = 6;

        // The written files are UTF-8 with replacement (src/Tasks/ManifestDirectory.cs), so packing the same way changes no byte of them.
        private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Shared;
        private static readonly ArrayPool<int> Positions = ArrayPool<int>.Shared;

        /// <summary>The base64 constant that <c>TextUnpacker.Unpack</c> turns back into <paramref name="text"/>.</summary>
        public static string Pack(string text) => Pack(new[] { text });

        /// <summary>
        /// The base64 constant of the text <paramref name="pieces"/> make one after the other: <see cref="Pack(string)"/> of
        /// their concatenation, which is never built. No piece may end inside a surrogate pair (the callers' pieces are
        /// JSON, which is ASCII, or whole lines).
        /// </summary>
        /// <remarks>
        /// A proxy's configuration runs to megabytes: as one string, its bytes and the packer's buffers it made several
        /// large-object-heap arrays a build, and each brings the collector's most expensive collection closer (in the
        /// compiler server, a collection of the whole compilation). The bytes and the buffers are rented from the shared
        /// pool instead, which hands them back to the collector when the process is idle.
        /// </remarks>
        public static string Pack(IEnumerable<string> pieces)
        {
            var input = Pool.Rent(1 << 16);
            var length = 0;
            try
            {
                foreach (var piece in pieces)
                {
                    var needed = length + Utf8.GetMaxByteCount(piece.Length);
                    if (needed > input.Length)
                    {
                        var larger = Pool.Rent(Math.Max(needed, input.Length * 2));
                        Buffer.BlockCopy(input, 0, larger, 0, length);
                        Pool.Return(input);
                        input = larger;
                    }

                    length += Utf8.GetBytes(piece, 0, piece.Length, input, length);
                }

                var output = Pool.Rent(MaximumPackedLength(length));
                try
                {
                    return Convert.ToBase64String(output, 0, Compress(input, length, output));
                }
                finally
                {
                    Pool.Return(output);
                }
            }
            finally
            {
                Pool.Return(input);
            }
        }

        /// <summary>The length prefix and LZ4 block of <paramref name="input"/>.</summary>
        public static byte[] Compress(byte[] input)
        {
            var output = new byte[MaximumPackedLength(input.Length)];
            var written = Compress(input, input.Length, output);
            var packed = new byte[written];
            Buffer.BlockCopy(output, 0, packed, 0, written);
            return packed;
        }

        // Incompressible input grows by a continuation byte per 255 literals, plus the token and the length prefix.
        private static int MaximumPackedLength(int length) => 5 + length + length / 255 + 16;

        /// <summary>Writes the length prefix and LZ4 block of the first <paramref name="length"/> bytes of <paramref name="input"/>; returns how many bytes it wrote.</summary>
        private static int Compress(byte[] input, int length, byte[] output)
        {
            var written = WriteLength(length, output);
            var pending = 0;
            var lastMatchStart = length - LastMatchMargin;
            var matchEndLimit = length - FinalLiterals;
            if (lastMatchStart > 0)
            {
                var hashBits = HashBits(length);
                var hashShift = 32 - hashBits;
                var tableSize = 1 << hashBits;
                var lastSeen = Positions.Rent(tableSize);
                Array.Clear(lastSeen, 0, tableSize);
                try
                {
                    var position = 0;
                    var misses = 0;
                    while (position <= lastMatchStart)
                    {
                        var sequence = Read32(input, position);
                        var slot = (int)((sequence * HashMultiplier) >> hashShift);
                        var candidate = lastSeen[slot];
                        lastSeen[slot] = position;

                        // An empty slot says 0, a real position that simply fails this test unless its bytes match.
                        var distance = position - candidate;
                        if (distance == 0 || distance > MaximumDistance || Read32(input, candidate) != sequence)
                        {
                            position += 1 + (misses++ >> MissesPerStep);
                            continue;
                        }

                        misses = 0;
                        var start = position;
                        while (start > pending && start > distance && input[start - 1] == input[start - 1 - distance])
                        {
                            start--;
                        }

                        var end = MatchEnd(input, position + MinimumMatch, distance, matchEndLimit);
                        written = WriteLiterals(input, pending, start - pending, end - start - MinimumMatch, output, written);
                        written = WriteMatch(distance, end - start - MinimumMatch, output, written);
                        pending = position = end;

                        // The two bytes before the next search would otherwise never be in the table (as in LZ4).
                        lastSeen[(int)((Read32(input, end - 2) * HashMultiplier) >> hashShift)] = end - 2;
                    }
                }
                finally
                {
                    Positions.Return(lastSeen);
                }
            }

            return WriteLiterals(input, pending, length - pending, 0, output, written);
        }

        /// <summary>Enough slots for the input, up to 64 Ki: a small text gets a small table to clear.</summary>
        private static int HashBits(int length)
        {
            var bits = MinimumHashBits;
            while (bits < MaximumHashBits && (1 << bits) < length)
            {
                bits++;
            }

            return bits;
        }

        private static uint Read32(byte[] input, int index) =>
            input[index] | ((uint)input[index + 1] << 8) | ((uint)input[index + 2] << 16) | ((uint)input[index + 3] << 24);

        /// <summary>Where the match that continues at <paramref name="end"/> stops.</summary>
        private static int MatchEnd(byte[] input, int end, int distance, int limit)
        {
            // Eight bytes at a time while they are equal: equality of two words is the same in either byte order.
            while (end <= limit - 8 && BitConverter.ToUInt64(input, end) == BitConverter.ToUInt64(input, end - distance))
            {
                end += 8;
            }

            while (end < limit && input[end] == input[end - distance])
            {
                end++;
            }

            return end;
        }

        private static int WriteLength(int length, byte[] output)
        {
            var written = 0;
            var rest = (uint)length;
            while (rest >= 0x80)
            {
                output[written++] = (byte)(rest | 0x80);
                rest >>= 7;
            }

            output[written++] = (byte)rest;
            return written;
        }

        /// <summary>A sequence's token and literals; <paramref name="matchExcess"/> is its match length minus 4 (0 without a match).</summary>
        private static int WriteLiterals(byte[] input, int start, int count, int matchExcess, byte[] output, int written)
        {
            output[written++] = (byte)((Math.Min(count, LengthContinues) << 4) | Math.Min(matchExcess, LengthContinues));
            written = WriteContinuation(count, output, written);
            Buffer.BlockCopy(input, start, output, written, count);
            return written + count;
        }

        private static int WriteMatch(int distance, int matchExcess, byte[] output, int written)
        {
            output[written++] = (byte)distance;
            output[written++] = (byte)(distance >> 8);
            return WriteContinuation(matchExcess, output, written);
        }

        /// <summary>The bytes that continue a count the token's four bits cannot hold.</summary>
        private static int WriteContinuation(int count, byte[] output, int written)
        {
            if (count < LengthContinues)
            {
                return written;
            }

            var rest = count - LengthContinues;
            while (rest >= 255)
            {
                output[written++] = 255;
                rest -= 255;
            }

            output[written++] = (byte)rest;
            return written;
        }
    }
}
