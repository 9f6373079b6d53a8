using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace McpAnalyzers.Flow;

/// <summary>
/// What is tainted at one program point: locals, parameters, fields of <c>this</c> and flow captures, plus
/// which locals hold the normalised full path (<c>GetFullPath(x)</c>) or the relative path
/// (<c>GetRelativePath(root, x)</c>) of another symbol, so a check on one can clear the other.
/// </summary>
internal sealed class FlowState
{
    private readonly Dictionary<object, TaintValue> _values;
    private readonly Dictionary<ISymbol, ISymbol> _fullPathOf;
    private readonly Dictionary<ISymbol, ISymbol> _relativePathOf;

    public FlowState()
    {
        _values = new Dictionary<object, TaintValue>(FlowKeyComparer.Instance);
        _fullPathOf = new Dictionary<ISymbol, ISymbol>(SymbolEqualityComparer.Default);
        _relativePathOf = new Dictionary<ISymbol, ISymbol>(SymbolEqualityComparer.Default);
    }

    private FlowState(FlowState other)
    {
        _values = new Dictionary<object, TaintValue>(other._values, FlowKeyComparer.Instance);
        _fullPathOf = new Dictionary<ISymbol, ISymbol>(other._fullPathOf, SymbolEqualityComparer.Default);
        _relativePathOf = new Dictionary<ISymbol, ISymbol>(other._relativePathOf, SymbolEqualityComparer.Default);
    }

    public FlowState Clone() => new(this);

    public TaintValue Get(object key) => _values.TryGetValue(key, out var value) ? value : TaintValue.Clean;

    public void Set(object key, TaintValue value)
    {
        if (value.IsTainted)
        {
            _values[key] = value;
        }
        else
        {
            _values.Remove(key);
        }
    }

    public void SetFullPathOf(ISymbol local, ISymbol? source) => SetRelation(_fullPathOf, local, source);

    public void SetRelativePathOf(ISymbol local, ISymbol? source) => SetRelation(_relativePathOf, local, source);

    public ISymbol? FullPathOf(ISymbol local) => _fullPathOf.TryGetValue(local, out var source) ? source : null;

    public ISymbol? RelativePathOf(ISymbol local) => _relativePathOf.TryGetValue(local, out var source) ? source : null;

    /// <summary>The state where either predecessor may have run.</summary>
    /// <summary>The join of every value in the state: what a body given this state could return at most.</summary>
    public TaintValue JoinOfValues()
    {
        var joined = TaintValue.Clean;
        foreach (var value in _values.Values)
        {
            joined = TaintValue.Join(joined, value);
        }

        return joined;
    }

    public FlowState Join(FlowState other)
    {
        var joined = Clone();
        foreach (var pair in other._values)
        {
            joined._values[pair.Key] = TaintValue.Join(joined.Get(pair.Key), pair.Value);
        }

        foreach (var pair in other._fullPathOf)
        {
            joined._fullPathOf[pair.Key] = pair.Value;
        }

        foreach (var pair in other._relativePathOf)
        {
            joined._relativePathOf[pair.Key] = pair.Value;
        }

        return joined;
    }

    public bool SameAs(FlowState other)
    {
        if (_values.Count != other._values.Count || _fullPathOf.Count != other._fullPathOf.Count || _relativePathOf.Count != other._relativePathOf.Count)
        {
            return false;
        }

        foreach (var pair in _values)
        {
            if (!other._values.TryGetValue(pair.Key, out var value) || !value.Equals(pair.Value))
            {
                return false;
            }
        }

        return true;
    }

    private static void SetRelation(Dictionary<ISymbol, ISymbol> relation, ISymbol local, ISymbol? source)
    {
        if (source is null)
        {
            relation.Remove(local);
        }
        else
        {
            relation[local] = source;
        }
    }

    private sealed class FlowKeyComparer : IEqualityComparer<object>
    {
        public static readonly FlowKeyComparer Instance = new();

        public new bool Equals(object? x, object? y)
            => x is ISymbol a && y is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : object.Equals(x, y);

        public int GetHashCode(object obj)
            => obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : obj is CaptureId id ? id.GetHashCode() : obj.GetHashCode();
    }
}
