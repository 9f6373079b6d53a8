using Microsoft.CodeAnalysis;

namespace McpAnalyzers.Flow;

/// <summary>Tool input reached a sink: the argument (or assigned value) as it reaches it.</summary>
internal sealed class SinkHit
{
    public SinkHit(IOperation value, SinkFamily family, string sinkName, TaintValue taint)
    {
        Value = value;
        Family = family;
        SinkName = sinkName;
        Taint = taint;
    }

    public IOperation Value { get; }

    public SinkFamily Family { get; }

    /// <summary>Display name of the sink member, e.g. <c>File.ReadAllText</c>.</summary>
    public string SinkName { get; }

    public TaintValue Taint { get; }

    /// <summary>Where the value is, computed once for every rule that reports the hit.</summary>
    public Location Location => _location ??= Value.Syntax.GetLocation();

    private Location? _location;
}

internal enum WeakCheckKind
{
    /// <summary><c>StartsWith(root)</c> on a path that was not normalised with <c>GetFullPath</c>.</summary>
    NotNormalized,

    /// <summary><c>StartsWith(root)</c> where root lacks a trailing separator: <c>/allowed_evil</c> passes <c>/allowed</c>.</summary>
    NoTrailingSeparator,

    /// <summary><c>StartsWith</c> with a culture-sensitive comparison.</summary>
    CultureSensitive,
}

/// <summary>A containment check on tool input that does not contain it (MCPSEC014).</summary>
internal sealed class WeakCheck
{
    public WeakCheck(IOperation check, WeakCheckKind kind, TaintValue taint, bool isPath = true, ISymbol? subject = null)
    {
        Check = check;
        Kind = kind;
        Taint = taint;
        IsPath = isPath;
        Subject = subject;
    }

    /// <summary>
    /// Whether the checked value is evidently a path without looking further (see <see cref="PathFamily.IsEvidentlyAPath"/>);
    /// else the check is kept only when <see cref="Subject"/> reaches a file-system sink of the same body.
    /// </summary>
    public bool IsPath { get; }

    /// <summary>The variable the check tests, when it is one.</summary>
    public ISymbol? Subject { get; }

    public IOperation Check { get; }

    public WeakCheckKind Kind { get; }

    public TaintValue Taint { get; }
}
