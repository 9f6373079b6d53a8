using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

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

    /// <summary>Full name of the declaring type (or a base type / interface of it).</summary>
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

/// <summary>
/// Sources, sinks and sanitizers as data. The built-in tables cover the BCL and the runtime guards; users add
/// their own from <c>.editorconfig</c>: <c>mcpsec.MCPSEC010.extra_sinks = My.Storage.Blob.Read(path)</c>,
/// <c>mcpsec.sanitizer_methods = My.Validation.Paths.Clean</c>.
/// </summary>
internal sealed class FlowTables
{
    private static readonly ImmutableHashSet<string> PathParameters = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "path", "path1", "path2", "path3", "path4", "paths", "sourceFileName", "destFileName", "destinationFileName",
        "destinationBackupFileName", "sourceDirName", "destDirName", "fileName", "sourceArchiveFileName",
        "destinationDirectoryName", "sourceDirectoryName", "destinationArchiveFileName", "archiveFileName", "pathToTarget",
        "inputUri", "uri", "root");

    public static readonly ImmutableArray<SinkDefinition> BuiltInSinks = ImmutableArray.Create(
        new SinkDefinition("System.IO.File", "*", SinkKind.Method, SinkFamily.Path, PathParameters, ImmutableHashSet.Create("Exists")),
        new SinkDefinition("System.IO.Directory", "*", SinkKind.Method, SinkFamily.Path, PathParameters, ImmutableHashSet.Create("Exists")),
        new SinkDefinition("System.IO.FileInfo", ".ctor", SinkKind.Constructor, SinkFamily.Path, PathParameters),
        new SinkDefinition("System.IO.DirectoryInfo", ".ctor", SinkKind.Constructor, SinkFamily.Path, PathParameters),
        new SinkDefinition("System.IO.FileStream", ".ctor", SinkKind.Constructor, SinkFamily.Path, PathParameters),
        new SinkDefinition("System.IO.StreamReader", ".ctor", SinkKind.Constructor, SinkFamily.Path, PathParameters),
        new SinkDefinition("System.IO.StreamWriter", ".ctor", SinkKind.Constructor, SinkFamily.Path, PathParameters),
        new SinkDefinition("System.IO.FileSystemInfo", "MoveTo", SinkKind.Method, SinkFamily.Path, PathParameters),
        new SinkDefinition("System.IO.FileInfo", "CopyTo", SinkKind.Method, SinkFamily.Path, PathParameters),
        new SinkDefinition("System.IO.FileInfo", "MoveTo", SinkKind.Method, SinkFamily.Path, PathParameters),
        new SinkDefinition("System.IO.DirectoryInfo", "MoveTo", SinkKind.Method, SinkFamily.Path, PathParameters),
        new SinkDefinition("System.IO.Compression.ZipFile", "*", SinkKind.Method, SinkFamily.Path, PathParameters),
        new SinkDefinition("System.IO.Compression.ZipFileExtensions", "*", SinkKind.Method, SinkFamily.Path, PathParameters),
        new SinkDefinition("System.Xml.Linq.XDocument", "Load", SinkKind.Method, SinkFamily.Path, PathParameters),
        new SinkDefinition("System.Xml.Linq.XElement", "Load", SinkKind.Method, SinkFamily.Path, PathParameters),
        new SinkDefinition("System.Xml.XmlReader", "Create", SinkKind.Method, SinkFamily.Path, PathParameters),
        new SinkDefinition("Microsoft.Extensions.FileProviders.PhysicalFileProvider", ".ctor", SinkKind.Constructor, SinkFamily.Path, PathParameters));

    public static readonly ImmutableArray<SanitizerDefinition> BuiltInSanitizers = ImmutableArray.Create(
        new SanitizerDefinition("McpAnalyzers.Runtime.PathGuard", "Resolve", SinkFamily.Path),
        new SanitizerDefinition("McpAnalyzers.Runtime.PathGuard", "TryResolve", SinkFamily.Path),
        new SanitizerDefinition("System.IO.Path", "GetFileName", SinkFamily.Path),
        new SanitizerDefinition("System.IO.Path", "GetFileNameWithoutExtension", SinkFamily.Path),
        new SanitizerDefinition("System.IO.Path", "GetExtension", SinkFamily.Path),
        new SanitizerDefinition("System.Uri", "EscapeDataString", SinkFamily.Path | SinkFamily.Url));

    private FlowTables(ImmutableArray<SinkDefinition> sinks, ImmutableArray<SanitizerDefinition> sanitizers)
    {
        Sinks = sinks;
        Sanitizers = sanitizers;
    }

    public ImmutableArray<SinkDefinition> Sinks { get; }

    public ImmutableArray<SanitizerDefinition> Sanitizers { get; }

    /// <summary>Rule IDs whose options extend the tables, with the family each one guards.</summary>
    public static readonly ImmutableArray<(string RuleId, SinkFamily Family)> RuleFamilies = ImmutableArray.Create(
        (RuleIdentifiers.UnrestrictedFilePath, SinkFamily.Path));

    public static FlowTables Create(Model.McpOptions options)
    {
        var sinks = BuiltInSinks.ToBuilder();
        var sanitizers = BuiltInSanitizers.ToBuilder();
        foreach (var name in options.GetGlobalList("sanitizer_methods"))
        {
            if (Split(name) is { } member)
            {
                sanitizers.Add(new SanitizerDefinition(member.Type, member.Member, SinkFamily.All));
            }
        }

        foreach (var (ruleId, family) in RuleFamilies)
        {
            foreach (var name in options.GetList("sanitizer_methods", ruleId, null, ImmutableHashSet<string>.Empty))
            {
                if (Split(name) is { } member)
                {
                    sanitizers.Add(new SanitizerDefinition(member.Type, member.Member, family));
                }
            }

            foreach (var name in options.GetList("extra_sinks", ruleId, null, ImmutableHashSet<string>.Empty))
            {
                if (Split(name) is { } member)
                {
                    sinks.Add(new SinkDefinition(member.Type, member.Member, member.Member == ".ctor" ? SinkKind.Constructor : SinkKind.Method, family, member.Parameters));
                }
            }
        }

        return new FlowTables(sinks.ToImmutable(), sanitizers.ToImmutable());
    }

    /// <summary>Parses <c>Ns.Type.Member</c> or <c>Ns.Type.Member(param1|param2)</c>.</summary>
    internal static (string Type, string Member, ImmutableHashSet<string>? Parameters)? Split(string text)
    {
        text = text.Trim();
        ImmutableHashSet<string>? parameters = null;
        var open = text.IndexOf('(');
        if (open > 0 && text.EndsWith(")", StringComparison.Ordinal))
        {
            parameters = ImmutableHashSet.Create(StringComparer.Ordinal, text.Substring(open + 1, text.Length - open - 2).Split(new[] { '|', ' ' }, StringSplitOptions.RemoveEmptyEntries));
            text = text.Substring(0, open);
        }

        var dot = text.LastIndexOf('.');
        if (dot <= 0 || dot == text.Length - 1)
        {
            return null;
        }

        var member = text.Substring(dot + 1);
        var type = text.Substring(0, dot);
        if (member == "ctor" && type.EndsWith(".", StringComparison.Ordinal))
        {
            return (type.TrimEnd('.'), ".ctor", parameters);
        }

        return (type, member, parameters);
    }

    public IEnumerable<SinkDefinition> SinksFor(ISymbol member, SinkKind kind)
    {
        foreach (var sink in Sinks)
        {
            if (sink.Kind != kind || sink.ExcludedMembers.Contains(member.Name))
            {
                continue;
            }

            var name = kind == SinkKind.Constructor ? ".ctor" : member.Name;
            if ((sink.Member == "*" || sink.Member == name) && DeclaredOn(member.ContainingType, sink.TypeName))
            {
                yield return sink;
            }
        }
    }

    public SinkFamily SanitizedFamilies(IMethodSymbol method)
    {
        var families = SinkFamily.None;
        foreach (var sanitizer in Sanitizers)
        {
            if (sanitizer.Member == method.Name && DeclaredOn(method.ContainingType, sanitizer.TypeName))
            {
                families |= sanitizer.Families;
            }
        }

        return families;
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
}
