using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;

namespace McpAnalyzers.Flow;

/// <summary>
/// The sink families (<see cref="FamilySpec.All"/>: <see cref="PathFamily"/>, <see cref="SqlFamily"/>,
/// <see cref="CommandFamily"/>, <see cref="UrlFamily"/>, <see cref="CommonGuards"/>) and the user's additions, resolved
/// against one compilation: each declared type name becomes its symbols once, and a member is a sink, a sanitizer or
/// a guard when its containing type is (or derives from, or implements) one of them. A definition whose type the
/// compilation does not have is dropped. Users extend the data from <c>.editorconfig</c>:
/// <c>mcpsec.MCPSEC010.extra_sinks = My.Storage.Blob.Read(path)</c>, <c>mcpsec.sanitizer_methods = My.Validation.Paths.Clean</c>.
/// </summary>
internal sealed class FlowTables
{
    private readonly Dictionary<string, Resolved<SinkDefinition>[]> _sinksByMember;
    private readonly Resolved<SinkDefinition>[] _wildcardSinks;
    private readonly Dictionary<string, Resolved<SanitizerDefinition>[]> _sanitizersByMember;
    private readonly Dictionary<string, Resolved<GuardDefinition>[]> _guardsByMember;
    private readonly Resolved<ElementSinkDefinition>[] _elementSinks;
    private readonly ImmutableArray<INamedTypeSymbol> _uriTypes;
    private readonly ConcurrentDictionary<INamedTypeSymbol, HashSet<INamedTypeSymbol>> _supertypes = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, ImmutableArray<SinkDefinition>>[] _sinksOfMember =
    {
        new(SymbolEqualityComparer.Default), new(SymbolEqualityComparer.Default), new(SymbolEqualityComparer.Default),
    };
    private readonly ConcurrentDictionary<IMethodSymbol, SinkFamily> _sanitized = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<GuardDefinition>> _guards = new(SymbolEqualityComparer.Default);

    private FlowTables(Compilation compilation, ImmutableArray<SinkDefinition> sinks, ImmutableArray<SanitizerDefinition> sanitizers)
    {
        var types = new Dictionary<string, ImmutableArray<INamedTypeSymbol>>(StringComparer.Ordinal);
        ImmutableArray<INamedTypeSymbol> Resolve(string name)
        {
            if (!types.TryGetValue(name, out var found))
            {
                types[name] = found = McpSymbols.TypesNamed(compilation, name);
            }

            return found;
        }

        var resolvedSinks = Resolved<SinkDefinition>.Of(sinks, s => Resolve(s.TypeName));
        _sinksByMember = resolvedSinks.Where(s => s.Definition.Member != "*").GroupBy(s => s.Definition.Member, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _wildcardSinks = resolvedSinks.Where(s => s.Definition.Member == "*").ToArray();
        _sanitizersByMember = Resolved<SanitizerDefinition>.Of(sanitizers, s => Resolve(s.TypeName))
            .GroupBy(s => s.Definition.Member, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _guardsByMember = Resolved<GuardDefinition>.Of(FamilySpec.All.SelectMany(f => f.Guards), g => Resolve(g.TypeName))
            .GroupBy(g => g.Definition.Member, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _elementSinks = Resolved<ElementSinkDefinition>.Of(FamilySpec.All.SelectMany(f => f.ElementSinks), e => Resolve(e.TypeName)).ToArray();
        _uriTypes = Resolve(UrlFamily.UriType);
        Sinks = sinks;
    }

    /// <summary>Every sink definition, built-in and configured (resolved or not).</summary>
    public ImmutableArray<SinkDefinition> Sinks { get; }

    /// <summary>Rule IDs whose options extend the tables, with the family each one guards.</summary>
    public static readonly ImmutableArray<(string RuleId, SinkFamily Family)> RuleFamilies = ImmutableArray.Create(
        (RuleIdentifiers.UnrestrictedFilePath, SinkFamily.Path),
        (RuleIdentifiers.RawSqlText, SinkFamily.Sql),
        (RuleIdentifiers.CallerWrittenSql, SinkFamily.Sql),
        (RuleIdentifiers.ProcessExecution, SinkFamily.Command | SinkFamily.Code),
        (RuleIdentifiers.ServerSideRequestForgery, SinkFamily.Url));

    /// <summary>
    /// The families' tables plus the compilation-wide options: <c>mcpsec.sanitizer_methods</c> (every family),
    /// <c>mcpsec.MCPSECnnn.sanitizer_methods</c> (that rule's family), <c>mcpsec.extra_sinks</c> (a sink of every
    /// rule's family) and <c>mcpsec.MCPSECnnn.extra_sinks</c> (that rule's family).
    /// </summary>
    public static FlowTables Create(McpOptions options, Compilation compilation)
    {
        var sinks = ImmutableArray.CreateBuilder<SinkDefinition>();
        var sanitizers = ImmutableArray.CreateBuilder<SanitizerDefinition>();
        foreach (var family in FamilySpec.All)
        {
            sinks.AddRange(family.Sinks);
            sanitizers.AddRange(family.Sanitizers);
        }

        foreach (var member in options.SanitizerMethods(null))
        {
            sanitizers.Add(new SanitizerDefinition(member.TypeName, member.Member, SinkFamily.All));
        }

        foreach (var (ruleId, family) in RuleFamilies)
        {
            foreach (var member in options.SanitizerMethods(ruleId))
            {
                sanitizers.Add(new SanitizerDefinition(member.TypeName, member.Member, family));
            }

            foreach (var member in options.ExtraSinks(null).Concat(options.ExtraSinks(ruleId)))
            {
                sinks.Add(new SinkDefinition(member.TypeName, member.Member, member.Member == ".ctor" ? SinkKind.Constructor : SinkKind.Method, family, member.Parameters));
            }
        }

        return new FlowTables(compilation, sinks.ToImmutable(), sanitizers.ToImmutable());
    }

    /// <summary>The sinks a member is, worked out once per member and kind (every call site asks).</summary>
    public ImmutableArray<SinkDefinition> SinksFor(ISymbol member, SinkKind kind)
        => _sinksOfMember[(int)kind].GetOrAdd(member, m => ComputeSinksFor(m, kind));

    private ImmutableArray<SinkDefinition> ComputeSinksFor(ISymbol member, SinkKind kind)
    {
        var result = ImmutableArray.CreateBuilder<SinkDefinition>();
        var name = kind == SinkKind.Constructor ? ".ctor" : member.Name;
        if (_sinksByMember.TryGetValue(name, out var named))
        {
            foreach (var sink in named)
            {
                if (sink.Definition.Kind == kind && IsDeclaredOn(member.ContainingType, sink.Types))
                {
                    result.Add(sink.Definition);
                }
            }
        }

        if (kind == SinkKind.Method)
        {
            foreach (var sink in _wildcardSinks)
            {
                if (sink.Definition.Kind == kind && !sink.Definition.ExcludedMembers.Contains(member.Name) && IsDeclaredOn(member.ContainingType, sink.Types))
                {
                    result.Add(sink.Definition);
                }
            }
        }

        return result.Count == 0 ? ImmutableArray<SinkDefinition>.Empty : result.ToImmutable();
    }

    /// <summary>True when the member is a sink of any of <paramref name="families"/>.</summary>
    public bool IsSink(ISymbol member, SinkKind kind, SinkFamily families)
    {
        foreach (var sink in SinksFor(member, kind))
        {
            if ((sink.Family & families) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The families a method's result is safe for.</summary>
    public SinkFamily SanitizedFamilies(IMethodSymbol method)
        => _sanitizersByMember.ContainsKey(method.Name) ? _sanitized.GetOrAdd(method, ComputeSanitized) : SinkFamily.None;

    private SinkFamily ComputeSanitized(IMethodSymbol method)
    {
        var families = SinkFamily.None;
        foreach (var sanitizer in _sanitizersByMember[method.Name])
        {
            if (IsDeclaredOn(method.ContainingType, sanitizer.Types))
            {
                families |= sanitizer.Definition.Families;
            }
        }

        return families;
    }

    /// <summary>The guard roles a method plays, from every family.</summary>
    public ImmutableArray<GuardDefinition> GuardsFor(IMethodSymbol method)
        => _guardsByMember.ContainsKey(method.Name) ? _guards.GetOrAdd(method, ComputeGuards) : ImmutableArray<GuardDefinition>.Empty;

    private ImmutableArray<GuardDefinition> ComputeGuards(IMethodSymbol method)
    {
        var result = ImmutableArray.CreateBuilder<GuardDefinition>();
        foreach (var guard in _guardsByMember[method.Name])
        {
            if (IsDeclaredOn(method.ContainingType, guard.Types))
            {
                result.Add(guard.Definition);
            }
        }

        return result.ToImmutable();
    }

    /// <summary>The families a method guards in <paramref name="role"/>; none when it does not play it.</summary>
    public SinkFamily Guards(IMethodSymbol method, GuardRole role)
    {
        var families = SinkFamily.None;
        foreach (var guard in GuardsFor(method))
        {
            if (guard.Role == role)
            {
                families |= guard.Families;
            }
        }

        return families;
    }

    /// <summary>The first definition of <paramref name="role"/> the method matches, or null.</summary>
    public GuardDefinition? Guard(IMethodSymbol method, GuardRole role)
    {
        foreach (var guard in GuardsFor(method))
        {
            if (guard.Role == role)
            {
                return guard;
            }
        }

        return null;
    }

    /// <summary>The element sink whose collection <paramref name="property"/> is (<c>psi.ArgumentList</c>), or null.</summary>
    public ElementSinkDefinition? ElementSinkOf(IPropertySymbol property)
    {
        foreach (var sink in _elementSinks)
        {
            if (sink.Definition.Property == property.Name && IsDeclaredOn(property.ContainingType, sink.Types))
            {
                return sink.Definition;
            }
        }

        return null;
    }

    /// <summary>A property of <c>System.Uri</c> that is not where the URI goes (its scheme, path, query...).</summary>
    public bool IsUriPartOtherThanHost(IPropertySymbol property)
        => !UrlFamily.HostProperties.Contains(property.Name) && IsDeclaredOn(property.ContainingType, _uriTypes);

    /// <summary>True when <paramref name="type"/>, a base type or an interface of it is one of <paramref name="types"/>.</summary>
    private bool IsDeclaredOn(INamedTypeSymbol? type, ImmutableArray<INamedTypeSymbol> types)
    {
        if (type is null || types.IsEmpty)
        {
            return false;
        }

        var supertypes = _supertypes.GetOrAdd(type.OriginalDefinition, static t =>
        {
            var set = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            for (var current = t; current is not null; current = current.BaseType)
            {
                set.Add(current.OriginalDefinition);
            }

            return set;
        });
        foreach (var candidate in types)
        {
            if (supertypes.Contains(candidate))
            {
                return true;
            }
        }

        // Interfaces are looked at only for definitions declared on one (computing a source type's interfaces binds
        // its implementations, which costs).
        foreach (var candidate in types)
        {
            if (candidate.TypeKind == TypeKind.Interface)
            {
                foreach (var @interface in type.OriginalDefinition.AllInterfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, candidate))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    public static bool IsSinkParameter(SinkDefinition sink, IParameterSymbol? parameter)
        => parameter is not null
           && (sink.Parameters is null ? IsStringLike(parameter.Type) : sink.Parameters.Contains(parameter.Name));

    private static bool IsStringLike(ITypeSymbol type)
        => type.SpecialType == SpecialType.System_String || type.SpecialType == SpecialType.System_Object
           || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String or SpecialType.System_Char };

    /// <summary>True when <paramref name="type"/>, a base type or an interface of it has the given full name.</summary>
    internal static bool DeclaredOn(INamedTypeSymbol? type, string fullName)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (FullName(current) == fullName)
            {
                return true;
            }
        }

        if (type is not null)
        {
            foreach (var @interface in type.AllInterfaces)
            {
                if (FullName(@interface) == fullName)
                {
                    return true;
                }
            }
        }

        return false;
    }

    internal static string FullName(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() + "." : string.Empty;
        var outer = type.ContainingType is { } parent ? FullName(parent).Substring(ns.Length) + "." : string.Empty;
        return ns + outer + type.MetadataName;
    }

    /// <summary>A definition with the compilation's symbols for its type name.</summary>
    private readonly struct Resolved<T>
    {
        private Resolved(T definition, ImmutableArray<INamedTypeSymbol> types)
        {
            Definition = definition;
            Types = types;
        }

        public T Definition { get; }

        public ImmutableArray<INamedTypeSymbol> Types { get; }

        /// <summary>The definitions whose type the compilation has.</summary>
        public static IEnumerable<Resolved<T>> Of(IEnumerable<T> definitions, Func<T, ImmutableArray<INamedTypeSymbol>> resolve)
        {
            foreach (var definition in definitions)
            {
                var types = resolve(definition);
                if (!types.IsEmpty)
                {
                    yield return new Resolved<T>(definition, types);
                }
            }
        }
    }
}
