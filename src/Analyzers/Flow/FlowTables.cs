using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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

    private static readonly ImmutableHashSet<string> SqlTextParameters = Names("sql", "cmdText", "commandText", "selectCommandText");

    private static readonly ImmutableHashSet<string> CommandParameters = Names("fileName", "arguments");

    private static readonly ImmutableHashSet<string> UrlParameters = Names("requestUri", "requestUriString", "address", "relativeUri");

    private static readonly ImmutableHashSet<string> ConnectionParameters = Names("connectionString");

    public static readonly ImmutableArray<SinkDefinition> BuiltInSinks = ImmutableArray.Create(
        // File system (MCPSEC010)
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
        new SinkDefinition("Microsoft.Extensions.FileProviders.PhysicalFileProvider", ".ctor", SinkKind.Constructor, SinkFamily.Path, PathParameters),

        // SQL text (MCPSEC011, 015): ADO.NET commands of every provider, Dapper, EF Core raw APIs, raw ORM fragments
        new SinkDefinition("System.Data.IDbCommand", "CommandText", SinkKind.PropertySet, SinkFamily.Sql),
        new SinkDefinition("System.Data.Common.DbBatchCommand", "CommandText", SinkKind.PropertySet, SinkFamily.Sql),
        new SinkDefinition("System.Data.Common.DbCommand", ".ctor", SinkKind.Constructor, SinkFamily.Sql, SqlTextParameters),
        new SinkDefinition("System.Data.Common.DbBatchCommand", ".ctor", SinkKind.Constructor, SinkFamily.Sql, SqlTextParameters),
        new SinkDefinition("System.Data.Common.DbDataAdapter", ".ctor", SinkKind.Constructor, SinkFamily.Sql, SqlTextParameters),
        new SinkDefinition("Npgsql.NpgsqlDataSource", "CreateCommand", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
        new SinkDefinition("System.Data.Common.DbDataSource", "CreateCommand", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
        new SinkDefinition("Dapper.SqlMapper", "*", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
        new SinkDefinition("Dapper.CommandDefinition", ".ctor", SinkKind.Constructor, SinkFamily.Sql, SqlTextParameters),
        new SinkDefinition("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions", "FromSqlRaw", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
        new SinkDefinition("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", "ExecuteSqlRaw", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
        new SinkDefinition("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", "ExecuteSqlRawAsync", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
        new SinkDefinition("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", "SqlQueryRaw", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
        new SinkDefinition("System.Linq.Dynamic.Core.DynamicQueryableExtensions", "*", SinkKind.Method, SinkFamily.Sql, Names("predicate", "ordering", "selector")),

        // Processes and code (MCPSEC012); ProcessStartInfo.ArgumentList elements are handled by the engine
        new SinkDefinition("System.Diagnostics.Process", "Start", SinkKind.Method, SinkFamily.Command, CommandParameters),
        new SinkDefinition("System.Diagnostics.ProcessStartInfo", ".ctor", SinkKind.Constructor, SinkFamily.Command, CommandParameters),
        new SinkDefinition("System.Diagnostics.ProcessStartInfo", "FileName", SinkKind.PropertySet, SinkFamily.Command),
        new SinkDefinition("System.Diagnostics.ProcessStartInfo", "Arguments", SinkKind.PropertySet, SinkFamily.Command),
        new SinkDefinition("Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript", "*", SinkKind.Method, SinkFamily.Code, Names("code")),

        // Where the server connects (MCPSEC013): HTTP, relative URIs on a base, database connection strings
        new SinkDefinition("System.Net.Http.HttpClient", "*", SinkKind.Method, SinkFamily.Url, UrlParameters),
        new SinkDefinition("System.Net.Http.HttpClient", "BaseAddress", SinkKind.PropertySet, SinkFamily.Url),
        new SinkDefinition("System.Net.Http.Json.HttpClientJsonExtensions", "*", SinkKind.Method, SinkFamily.Url, UrlParameters),
        new SinkDefinition("System.Net.Http.HttpRequestMessage", ".ctor", SinkKind.Constructor, SinkFamily.Url, UrlParameters),
        new SinkDefinition("System.Net.Http.HttpRequestMessage", "RequestUri", SinkKind.PropertySet, SinkFamily.Url),
        new SinkDefinition("System.Net.WebClient", "*", SinkKind.Method, SinkFamily.Url, UrlParameters),
        new SinkDefinition("System.Net.WebClient", "BaseAddress", SinkKind.PropertySet, SinkFamily.Url),
        new SinkDefinition("System.Net.WebRequest", "Create", SinkKind.Method, SinkFamily.Url, UrlParameters),
        new SinkDefinition("System.Net.WebRequest", "CreateHttp", SinkKind.Method, SinkFamily.Url, UrlParameters),
        new SinkDefinition("System.Uri", ".ctor", SinkKind.Constructor, SinkFamily.Url, Names("relativeUri")),
        new SinkDefinition("System.Data.Common.DbConnection", ".ctor", SinkKind.Constructor, SinkFamily.Url, ConnectionParameters),
        new SinkDefinition("System.Data.IDbConnection", "ConnectionString", SinkKind.PropertySet, SinkFamily.Url),
        new SinkDefinition("Npgsql.NpgsqlDataSource", "Create", SinkKind.Method, SinkFamily.Url, ConnectionParameters),
        new SinkDefinition("Npgsql.NpgsqlDataSourceBuilder", ".ctor", SinkKind.Constructor, SinkFamily.Url, ConnectionParameters),
        new SinkDefinition("Npgsql.NpgsqlConnectionStringBuilder", "Host", SinkKind.PropertySet, SinkFamily.Url),
        new SinkDefinition("Microsoft.Data.SqlClient.SqlConnectionStringBuilder", "DataSource", SinkKind.PropertySet, SinkFamily.Url),
        new SinkDefinition("MySqlConnector.MySqlConnectionStringBuilder", "Server", SinkKind.PropertySet, SinkFamily.Url));

    public static readonly ImmutableArray<SanitizerDefinition> BuiltInSanitizers = ImmutableArray.Create(
        new SanitizerDefinition("McpAnalyzers.Runtime.PathGuard", "Resolve", SinkFamily.Path),
        new SanitizerDefinition("McpAnalyzers.Runtime.PathGuard", "TryResolve", SinkFamily.Path),
        new SanitizerDefinition("McpAnalyzers.Runtime.SqlGuard", "EnsureReadOnly", SinkFamily.Sql),
        new SanitizerDefinition("McpAnalyzers.Runtime.SqlGuard", "QuoteIdentifier", SinkFamily.Sql),
        new SanitizerDefinition("McpAnalyzers.Runtime.SqlGuard", "Identifier", SinkFamily.Sql),
        new SanitizerDefinition("McpAnalyzers.Runtime.CommandGuard", "Executable", SinkFamily.Command),
        new SanitizerDefinition("McpAnalyzers.Runtime.CommandGuard", "Argument", SinkFamily.Command),
        new SanitizerDefinition("McpAnalyzers.Runtime.CommandGuard", "InlineArgument", SinkFamily.Command),
        new SanitizerDefinition("McpAnalyzers.Runtime.CommandGuard", "CreateStartInfo", SinkFamily.Command),
        new SanitizerDefinition("McpAnalyzers.Runtime.UrlGuard", "Check", SinkFamily.Url),
        new SanitizerDefinition("McpAnalyzers.Runtime.UrlGuard", "CheckAsync", SinkFamily.Url),
        new SanitizerDefinition("McpAnalyzers.Runtime.UrlGuard", "TryCheck", SinkFamily.Url),
        new SanitizerDefinition("McpAnalyzers.Runtime.UrlGuard", "CheckConnectionString", SinkFamily.Url),
        new SanitizerDefinition("Npgsql.NpgsqlCommandBuilder", "QuoteIdentifier", SinkFamily.Sql),
        new SanitizerDefinition("Microsoft.Data.SqlClient.SqlCommandBuilder", "QuoteIdentifier", SinkFamily.Sql),
        new SanitizerDefinition("System.Data.SqlClient.SqlCommandBuilder", "QuoteIdentifier", SinkFamily.Sql),
        new SanitizerDefinition("System.Data.Common.DbCommandBuilder", "QuoteIdentifier", SinkFamily.Sql),
        new SanitizerDefinition("System.IO.Path", "GetFileName", SinkFamily.Path),
        new SanitizerDefinition("System.IO.Path", "GetFileNameWithoutExtension", SinkFamily.Path),
        new SanitizerDefinition("System.IO.Path", "GetExtension", SinkFamily.Path),
        new SanitizerDefinition("System.Uri", "EscapeDataString", SinkFamily.Path | SinkFamily.Url | SinkFamily.Command),
        new SanitizerDefinition("System.Net.WebUtility", "UrlEncode", SinkFamily.Path | SinkFamily.Url),
        new SanitizerDefinition("System.Web.HttpUtility", "UrlEncode", SinkFamily.Path | SinkFamily.Url));

    private static ImmutableHashSet<string> Names(params string[] names) => ImmutableHashSet.Create(StringComparer.Ordinal, names);

    private readonly Dictionary<string, SinkDefinition[]> _sinksByMember;
    private readonly SinkDefinition[] _wildcardSinks;
    private readonly Dictionary<string, SanitizerDefinition[]> _sanitizersByMember;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, HashSet<string>> _typeNames = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, HashSet<string>> _interfaceNames = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ISymbol, ImmutableArray<SinkDefinition>>[] _sinksOfMember =
    {
        new(SymbolEqualityComparer.Default), new(SymbolEqualityComparer.Default), new(SymbolEqualityComparer.Default),
    };
    private readonly HashSet<string> _interfaceSinkTypes;

    private FlowTables(ImmutableArray<SinkDefinition> sinks, ImmutableArray<SanitizerDefinition> sanitizers)
    {
        Sinks = sinks;
        Sanitizers = sanitizers;
        _sinksByMember = sinks.Where(s => s.Member != "*").GroupBy(s => s.Member, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _wildcardSinks = sinks.Where(s => s.Member == "*").ToArray();
        _sanitizersByMember = sanitizers.GroupBy(s => s.Member, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

        // Type names that may be interfaces: "I" followed by an upper-case letter in the last segment (IDbCommand), or
        // any user-configured sink or sanitizer type, whose kind is unknown here.
        _interfaceSinkTypes = new HashSet<string>(
            sinks.Select(s => s.TypeName).Concat(sanitizers.Select(s => s.TypeName)).Where(LooksLikeInterface),
            StringComparer.Ordinal);
        foreach (var sink in sinks)
        {
            if (!BuiltInSinks.Contains(sink))
            {
                _interfaceSinkTypes.Add(sink.TypeName);
            }
        }

        foreach (var sanitizer in sanitizers)
        {
            if (!BuiltInSanitizers.Contains(sanitizer))
            {
                _interfaceSinkTypes.Add(sanitizer.TypeName);
            }
        }
    }

    private static bool LooksLikeInterface(string fullName)
    {
        var dot = fullName.LastIndexOf('.');
        var name = fullName.Substring(dot + 1);
        return name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]);
    }

    public ImmutableArray<SinkDefinition> Sinks { get; }

    public ImmutableArray<SanitizerDefinition> Sanitizers { get; }

    /// <summary>Rule IDs whose options extend the tables, with the family each one guards.</summary>
    public static readonly ImmutableArray<(string RuleId, SinkFamily Family)> RuleFamilies = ImmutableArray.Create(
        (RuleIdentifiers.UnrestrictedFilePath, SinkFamily.Path),
        (RuleIdentifiers.RawSqlText, SinkFamily.Sql),
        (RuleIdentifiers.CallerWrittenSql, SinkFamily.Sql),
        (RuleIdentifiers.ProcessExecution, SinkFamily.Command | SinkFamily.Code),
        (RuleIdentifiers.ServerSideRequestForgery, SinkFamily.Url));

    /// <summary>
    /// The built-in tables plus the compilation-wide options: <c>mcpsec.sanitizer_methods</c> (every family),
    /// <c>mcpsec.MCPSECnnn.sanitizer_methods</c> (that rule's family), <c>mcpsec.extra_sinks</c> (a sink of every
    /// rule's family) and <c>mcpsec.MCPSECnnn.extra_sinks</c> (that rule's family).
    /// </summary>
    public static FlowTables Create(Model.McpOptions options)
    {
        var sinks = BuiltInSinks.ToBuilder();
        var sanitizers = BuiltInSanitizers.ToBuilder();
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

        return new FlowTables(sinks.ToImmutable(), sanitizers.ToImmutable());
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
                if (sink.Kind == kind && IsDeclaredOn(member.ContainingType, sink.TypeName))
                {
                    result.Add(sink);
                }
            }
        }

        if (kind == SinkKind.Method)
        {
            foreach (var sink in _wildcardSinks)
            {
                if (sink.Kind == kind && !sink.ExcludedMembers.Contains(member.Name) && IsDeclaredOn(member.ContainingType, sink.TypeName))
                {
                    result.Add(sink);
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

    public SinkFamily SanitizedFamilies(IMethodSymbol method)
    {
        var families = SinkFamily.None;
        if (_sanitizersByMember.TryGetValue(method.Name, out var sanitizers))
        {
            foreach (var sanitizer in sanitizers)
            {
                if (IsDeclaredOn(method.ContainingType, sanitizer.TypeName))
                {
                    families |= sanitizer.Families;
                }
            }
        }

        return families;
    }

    /// <summary>
    /// <see cref="DeclaredOn"/> with each type's base-class names computed once; interfaces are looked at only for the
    /// few sinks declared on an interface (computing a source type's interfaces binds its implementations, which costs).
    /// </summary>
    private bool IsDeclaredOn(INamedTypeSymbol? type, string fullName)
    {
        if (type is null)
        {
            return false;
        }

        var names = _typeNames.GetOrAdd(type, static t =>
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            for (var current = t; current is not null; current = current.BaseType)
            {
                set.Add(FullName(current));
            }

            return set;
        });
        if (names.Contains(fullName))
        {
            return true;
        }

        if (!_interfaceSinkTypes.Contains(fullName))
        {
            return false;
        }

        var interfaces = _interfaceNames.GetOrAdd(type, static t =>
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var @interface in t.AllInterfaces)
            {
                set.Add(FullName(@interface));
            }

            return set;
        });
        return interfaces.Contains(fullName);
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
