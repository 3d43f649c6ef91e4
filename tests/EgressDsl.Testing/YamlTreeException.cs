using System;

namespace EgressDsl.Testing;

/// <summary>A YAML text that cannot be turned into a <see cref="YamlTree"/>: a syntax error, a duplicate key, an unsupported tag.</summary>
public sealed class YamlTreeException : FormatException
{
    /// <summary>Creates the exception for a problem at a 1-based position.</summary>
    public YamlTreeException(string problem, long line, long column)
        : base($"{problem} (line {line}, column {column})")
    {
        Problem = problem;
        Line = line;
        Column = column;
    }

    /// <summary>The problem without its position.</summary>
    public string Problem { get; }

    /// <summary>1-based line of the problem.</summary>
    public long Line { get; }

    /// <summary>1-based column of the problem.</summary>
    public long Column { get; }
}
