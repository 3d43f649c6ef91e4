namespace EgressDsl.Cli.Import
{
    /// <summary>
    /// Something of the input the imported classes do not reproduce: a field the DSL cannot express (<see cref="Path"/> set), or a
    /// whole document left out (<see cref="Path"/> null), with why.
    /// </summary>
    /// <param name="Source">The input file, or <c>-</c> for stdin.</param>
    /// <param name="Document">The document's 1-based position in the file; 0 when the whole file is left out (it is not YAML).</param>
    /// <param name="Item">The item's 1-based position when the document is a list, else null.</param>
    /// <param name="Object">The object, <c>Kind namespace/name</c>, when it could be read.</param>
    /// <param name="Path">The field, such as <c>spec.trafficPolicy.outlierDetection</c>; null when the whole document is left out.</param>
    /// <param name="Reason">Why it is lost.</param>
    internal sealed record ImportLoss(string Source, int Document, int? Item, string? Object, string? Path, string Reason)
    {
        /// <summary>One line: <c>file, document 2 (ServiceEntry default/x): spec.foo: reason</c>.</summary>
        public override string ToString() =>
            Source + (Document == 0 ? string.Empty : ", document " + Document) + (Item is { } item ? ", item " + item : string.Empty)
            + (Object is null ? string.Empty : " (" + Object + ")")
            + ": " + (Path is null ? "left out whole: " : Path + ": ") + Reason;
    }
}
