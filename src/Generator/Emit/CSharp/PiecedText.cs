using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace EgressDsl.Generator.Emit.CSharp
{
    /// <summary>
    /// A source text made of parts of strings, read where they are: the holder of a project's packed files is megabytes of
    /// base64 that the build keeps anyway, and a text Roslyn makes from a reader (or its composite text, past 64 parts)
    /// copies all of it in every build.
    /// </summary>
    /// <remarks>
    /// Roslyn reads a text through <see cref="CopyTo"/> in blocks (the lexer, line starts, the checksum), so each block
    /// finds its first piece by a binary search and copies from the pieces in order.
    /// </remarks>
    internal sealed class PiecedText : SourceText
    {
        private readonly Piece[] pieces;

        // Where each piece starts in the whole text.
        private readonly int[] starts;

        public PiecedText(IReadOnlyList<Piece> pieces, Encoding encoding)
        {
            this.pieces = new Piece[pieces.Count];
            starts = new int[pieces.Count];
            var length = 0;
            for (var i = 0; i < pieces.Count; i++)
            {
                this.pieces[i] = pieces[i];
                starts[i] = length;
                length += pieces[i].Count;
            }

            Length = length;
            Encoding = encoding;
        }

        public override Encoding Encoding { get; }

        public override int Length { get; }

        public override char this[int position]
        {
            get
            {
                if ((uint)position >= (uint)Length)
                {
                    throw new ArgumentOutOfRangeException(nameof(position));
                }

                var index = PieceAt(position);
                var piece = pieces[index];
                return piece.Text[piece.Start + position - starts[index]];
            }
        }

        public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count)
        {
            if (sourceIndex < 0 || count < 0 || sourceIndex > Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(sourceIndex));
            }

            for (var index = count == 0 ? pieces.Length : PieceAt(sourceIndex); count > 0; index++)
            {
                var piece = pieces[index];
                var offset = sourceIndex - starts[index];
                var copied = Math.Min(count, piece.Count - offset);
                piece.Text.CopyTo(piece.Start + offset, destination, destinationIndex, copied);
                sourceIndex += copied;
                destinationIndex += copied;
                count -= copied;
            }
        }

        // The last piece that starts at or before the position (empty pieces are never made).
        private int PieceAt(int position)
        {
            var found = Array.BinarySearch(starts, position);
            return found >= 0 ? found : ~found - 1;
        }

        /// <summary><paramref name="Count"/> characters of <paramref name="Text"/> from <paramref name="Start"/>.</summary>
        internal readonly record struct Piece(string Text, int Start, int Count);
    }
}
