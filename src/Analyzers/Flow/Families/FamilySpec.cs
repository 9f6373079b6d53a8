using System;
using System.Collections.Immutable;

namespace McpAnalyzers.Flow;

internal enum SinkKind
{
    Method,
    Constructor,
    PropertySet,
}

/// <summary>One sink: a member of a type whose (named) arguments must not carry tool input of a family.</summary>
internal sealed class SinkDefinition
{
    public SinkDefinition(string typeName, string member, SinkKind kind, SinkFamily family, ImmutableHashSet<string>? parameters = null, ImmutableHashSet<string>? excludedMembers = null)
    {
        TypeName = typeName;
        Member = member;
        Kind = kind;
        Family = family;
        Parameters = parameters;
        ExcludedMembers = excludedMembers ?? ImmutableHashSet<string>.Empty;
    }

    /// <summary>Metadata name of the declaring type (or a base type / interface of it), resolved to its symbol.</summary>
    public string TypeName { get; }

    /// <summary>Member name; <c>*</c> for every method of the type.</summary>
    public string Member { get; }

    public SinkKind Kind { get; }

    public SinkFamily Family { get; }

    /// <summary>Parameter names that are sinks; null means every string-like parameter.</summary>
    public ImmutableHashSet<string>? Parameters { get; }

    public ImmutableHashSet<string> ExcludedMembers { get; }
}

/// <summary>A method whose result (or <c>out</c> values) is safe for some families.</summary>
internal sealed class SanitizerDefinition
{
    public SanitizerDefinition(string typeName, string member, SinkFamily families)
    {
        TypeName = typeName;
        Member = member;
        Families = families;
    }

    public string TypeName { get; }

    public string Member { get; }

    public SinkFamily Families { get; }
}

/// <summary>The guard shapes the transfer functions interpret; a family says which members play which role.</summary>
internal enum GuardRole
{
    /// <summary>The result is the single argument made absolute and normalised (<c>Path.GetFullPath(x)</c>).</summary>
    Normalizes,

    /// <summary>
    /// The result is the path from the first argument to the second (<c>Path.GetRelativePath(root, x)</c>): when it does
    /// not start with <c>..</c>, the second argument is inside the first.
    /// </summary>
    RelativePath,

    /// <summary>
    /// A join whose later rooted argument replaces the earlier ones (<c>Path.Combine(root, x)</c>): followed so that code
    /// relying on it as containment is reported (<see cref="WeakCheckKind.CombineAsContainment"/>).
    /// </summary>
    RootReplacingJoin,

    /// <summary>
    /// A prefix test (<c>text.StartsWith(prefix)</c>): proves containment of a normalised value when the prefix ends with a
    /// separator and the comparison is ordinal; a test missing one of those is a weak check (see the family's table).
    /// </summary>
    PrefixTest,

    /// <summary>A boolean method that proves its argument at <see cref="GuardDefinition.Argument"/> safe when it returns true.</summary>
    ProvesWhenTrue,

    /// <summary>A pattern test that proves its input safe when the pattern is an anchored allowlist (<c>Regex.IsMatch</c>).</summary>
    AnchoredPatternTest,

    /// <summary>Membership in a collection the caller cannot change (<c>Allowed.Contains(x)</c> on a static or constant table).</summary>
    FixedTableMembership,
}

/// <summary>A member that plays a guard role for some families.</summary>
internal sealed class GuardDefinition
{
    public GuardDefinition(string typeName, string member, GuardRole role, SinkFamily families, int argument = -1)
    {
        TypeName = typeName;
        Member = member;
        Role = role;
        Families = families;
        Argument = argument;
    }

    /// <summary>Metadata name of the declaring type (or a base type / interface of it).</summary>
    public string TypeName { get; }

    public string Member { get; }

    public GuardRole Role { get; }

    /// <summary>What the guard proves safe (or, for a normaliser or a join, which family's checks it concerns).</summary>
    public SinkFamily Families { get; }

    /// <summary>For <see cref="GuardRole.ProvesWhenTrue"/>: the ordinal of the parameter it proves.</summary>
    public int Argument { get; }
}

/// <summary>
/// A collection property whose elements are each a sink (<c>ProcessStartInfo.ArgumentList.Add(x)</c>): one element,
/// no splitting, but an option when it starts with '-' unless a literal <c>--</c> came first.
/// </summary>
internal sealed class ElementSinkDefinition
{
    public ElementSinkDefinition(string typeName, string property, ImmutableHashSet<string> adders, SinkFamily family)
    {
        TypeName = typeName;
        Property = property;
        Adders = adders;
        Family = family;
    }

    public string TypeName { get; }

    public string Property { get; }

    public ImmutableHashSet<string> Adders { get; }

    public SinkFamily Family { get; }
}

/// <summary>
/// Everything one sink family declares: its sinks, its sanitizers, the guards that prove a value safe for it, and the
/// weak-check shapes MCPSEC014 reports. The engine interprets these, matched by symbol; users extend the sinks and
/// sanitizers with <c>extra_sinks</c> and <c>sanitizer_methods</c>.
/// </summary>
internal sealed class FamilySpec
{
    public FamilySpec(
        string name,
        SinkFamily families,
        ImmutableArray<SinkDefinition> sinks,
        ImmutableArray<SanitizerDefinition> sanitizers,
        ImmutableArray<GuardDefinition> guards,
        ImmutableArray<ElementSinkDefinition> elementSinks = default)
    {
        Name = name;
        Families = families;
        Sinks = sinks;
        Sanitizers = sanitizers;
        Guards = guards;
        ElementSinks = elementSinks.IsDefault ? ImmutableArray<ElementSinkDefinition>.Empty : elementSinks;
    }

    public string Name { get; }

    public SinkFamily Families { get; }

    public ImmutableArray<SinkDefinition> Sinks { get; }

    public ImmutableArray<SanitizerDefinition> Sanitizers { get; }

    public ImmutableArray<GuardDefinition> Guards { get; }

    public ImmutableArray<ElementSinkDefinition> ElementSinks { get; }

    /// <summary>The families of the catalogue, in the order their files are read.</summary>
    public static ImmutableArray<FamilySpec> All { get; } = ImmutableArray.Create(
        PathFamily.Spec, SqlFamily.Spec, CommandFamily.Spec, UrlFamily.Spec, CommonGuards.Spec);

    internal static ImmutableHashSet<string> Names(params string[] names) => ImmutableHashSet.Create(StringComparer.Ordinal, names);
}
