using System;
using Microsoft.CodeAnalysis;

namespace McpAnalyzers.Flow;

/// <summary>The sink families a tainted value is still dangerous for; a sanitizer clears the families it covers.</summary>
[Flags]
internal enum SinkFamily
{
    None = 0,
    Path = 1,
    Sql = 2,
    Command = 4,
    Url = 8,
    Code = 16,
    All = Path | Sql | Command | Url | Code,
}

/// <summary>
/// What the flow engine knows about one value: which families it is still tainted for, whether it is a
/// normalised full path (<c>Path.GetFullPath</c>), the tool parameter it came from, and the
/// <c>Path.Combine(root, input)</c> that built it, if any.
/// </summary>
internal readonly struct TaintValue : IEquatable<TaintValue>
{
    public static readonly TaintValue Clean = default;

    public TaintValue(SinkFamily families, bool normalized, ISymbol? origin, IOperation? combine)
    {
        Families = families;
        Normalized = normalized;
        Origin = origin;
        Combine = combine;
    }

    public SinkFamily Families { get; }

    public bool Normalized { get; }

    /// <summary>The untrusted parameter (or arguments access) the value came from, for messages.</summary>
    public ISymbol? Origin { get; }

    /// <summary>The <c>Path.Combine</c> whose rooted-input behaviour the code relies on (MCPSEC014).</summary>
    public IOperation? Combine { get; }

    public bool IsTainted => Families != SinkFamily.None;

    public bool IsTaintedFor(SinkFamily family) => (Families & family) != 0;

    public static TaintValue Source(ISymbol origin) => new(SinkFamily.All, normalized: false, origin, combine: null);

    public TaintValue WithNormalized(bool normalized) => new(Families, normalized, Origin, Combine);

    public TaintValue WithCombine(IOperation? combine) => new(Families, Normalized, Origin, combine);

    public TaintValue Without(SinkFamily families)
    {
        var remaining = Families & ~families;
        return remaining == SinkFamily.None ? Clean : new TaintValue(remaining, Normalized, Origin, Combine);
    }

    /// <summary>Either value may flow here: tainted if either is; normalised only if both are.</summary>
    public static TaintValue Join(TaintValue a, TaintValue b)
    {
        if (!a.IsTainted)
        {
            return b;
        }

        if (!b.IsTainted)
        {
            return a;
        }

        return new TaintValue(a.Families | b.Families, a.Normalized && b.Normalized, a.Origin ?? b.Origin, a.Combine ?? b.Combine);
    }

    /// <summary>A value built from both parts (concatenation, arguments of a call): not normalised any more.</summary>
    public static TaintValue Combined(TaintValue a, TaintValue b)
    {
        var joined = Join(a, b);
        return joined.IsTainted ? joined.WithNormalized(false) : joined;
    }

    public bool Equals(TaintValue other)
        => Families == other.Families && Normalized == other.Normalized
           && SymbolEqualityComparer.Default.Equals(Origin, other.Origin) && ReferenceEquals(Combine, other.Combine);

    public override bool Equals(object? obj) => obj is TaintValue other && Equals(other);

    public override int GetHashCode() => ((int)Families * 397) ^ (Normalized ? 1 : 0);
}
