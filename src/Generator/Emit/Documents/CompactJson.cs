using System.Collections.Generic;

namespace EgressDsl.Generator.Emit.Documents
{
    /// <summary>
    /// A JSON value's compact text (<see cref="JsonWriter.Compact"/>): whole, or in consecutive pieces when it is large.
    /// </summary>
    /// <remarks>
    /// A proxy's listeners and route configurations list every host, megabytes of text at a few thousand services. As one
    /// string each was a large-object-heap allocation in every build, and in a compiler server every such allocation
    /// brings closer a collection of a heap that holds the whole compilation. The pieces are small, and nothing needs the
    /// value whole: it is packed (<see cref="TextPacker.Pack(IEnumerable{string})"/>) or joined into a file's text.
    /// </remarks>
    internal readonly struct CompactJson
    {
        private readonly string? whole;
        private readonly IReadOnlyList<string>? pieces;

        private CompactJson(string? whole, IReadOnlyList<string>? pieces)
        {
            this.whole = whole;
            this.pieces = pieces;
        }

        /// <summary>A text kept whole (a cluster's, kept from an earlier build).</summary>
        public static implicit operator CompactJson(string whole) => new(whole, null);

        /// <summary>A text made of <paramref name="pieces"/>, one after the other.</summary>
        public static CompactJson Of(IReadOnlyList<string> pieces) => new(null, pieces);

        /// <summary>How many pieces the text is in.</summary>
        public int Count => pieces?.Count ?? 1;

        /// <summary>The text's <paramref name="index"/>th piece.</summary>
        public string this[int index] => pieces is null ? whole ?? string.Empty : pieces[index];
    }
}
