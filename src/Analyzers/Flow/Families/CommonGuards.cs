using System.Collections.Immutable;

namespace McpAnalyzers.Flow;

/// <summary>
/// Guards that prove a value safe for every family: equality with a constant (<c>x == "a"</c>, <c>x is "a" or "b"</c>,
/// a switch on constants), and membership in a table the caller cannot change (<c>Allowed.Contains(x)</c> where
/// <c>Allowed</c> is a static or readonly field, or a constant array). Membership is matched on the collection
/// interfaces and LINQ, so a user type's own <c>Contains</c> proves nothing unless it is a collection.
/// </summary>
internal static class CommonGuards
{
    public static FamilySpec Spec { get; } = new(
        "every family",
        SinkFamily.All,
        ImmutableArray<SinkDefinition>.Empty,
        ImmutableArray<SanitizerDefinition>.Empty,
        ImmutableArray.Create(
            new GuardDefinition("System.Collections.Generic.ICollection`1", "Contains", GuardRole.FixedTableMembership, SinkFamily.All),
            new GuardDefinition("System.Collections.Generic.IReadOnlySet`1", "Contains", GuardRole.FixedTableMembership, SinkFamily.All),
            new GuardDefinition("System.Collections.Immutable.IImmutableSet`1", "Contains", GuardRole.FixedTableMembership, SinkFamily.All),
            new GuardDefinition("System.Collections.Immutable.IImmutableList`1", "Contains", GuardRole.FixedTableMembership, SinkFamily.All),
            new GuardDefinition("System.Collections.Immutable.ImmutableArray`1", "Contains", GuardRole.FixedTableMembership, SinkFamily.All),
            new GuardDefinition("System.Collections.Generic.List`1", "Contains", GuardRole.FixedTableMembership, SinkFamily.All),
            new GuardDefinition("System.Collections.Generic.HashSet`1", "Contains", GuardRole.FixedTableMembership, SinkFamily.All),
            new GuardDefinition("System.Collections.Generic.SortedSet`1", "Contains", GuardRole.FixedTableMembership, SinkFamily.All),
            new GuardDefinition("System.Collections.Frozen.FrozenSet`1", "Contains", GuardRole.FixedTableMembership, SinkFamily.All),
            new GuardDefinition("System.Linq.Enumerable", "Contains", GuardRole.FixedTableMembership, SinkFamily.All),
            new GuardDefinition("System.MemoryExtensions", "Contains", GuardRole.FixedTableMembership, SinkFamily.All)));
}
