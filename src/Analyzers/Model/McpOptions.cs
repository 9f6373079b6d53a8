using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Model;

/// <summary>Where an option is read, and so which <c>.editorconfig</c> sections can set it.</summary>
internal enum McpOptionScope
{
    /// <summary>
    /// Read for the file being analysed: the <c>.editorconfig</c> sections that match it, then <c>.globalconfig</c>.
    /// The rule's own key wins over the <c>mcpsec.&lt;option&gt;</c> form.
    /// </summary>
    PerFile,

    /// <summary>
    /// Read once per compilation, from <c>.globalconfig</c> and from the <c>.editorconfig</c> sections of every file of
    /// the compilation, merged: lists are united, a switch is on when any place turns it on.
    /// </summary>
    CompilationWide,
}

/// <summary>
/// One documented option: its name, the rules that read it (each has a key <c>mcpsec.MCPSECnnn.&lt;name&gt;</c>, and
/// <c>mcpsec.&lt;name&gt;</c> applies to all of them), where it is read, the form of its value and its default.
/// </summary>
internal sealed class McpOptionDefinition
{
    private readonly Func<string, bool> _isValid;

    private McpOptionDefinition(string name, McpOptionScope scope, bool isList, string expectedForm, string defaultValue, Func<string, bool> isValid, params string[] ruleIds)
    {
        Name = name;
        Scope = scope;
        IsList = isList;
        ExpectedForm = expectedForm;
        DefaultValue = defaultValue;
        _isValid = isValid;
        RuleIds = ImmutableArray.Create(ruleIds);
    }

    /// <summary><c>mcpsec.trusted_types</c>: parameter types that are not tool input (filled by the user's own binder).</summary>
    public static readonly McpOptionDefinition TrustedTypes = new(
        "trusted_types", McpOptionScope.CompilationWide, isList: true,
        "full type names such as MyCompany.Tools.ToolContext, separated by ','", "none",
        McpOptionSyntax.IsTypeName);

    /// <summary><c>mcpsec[.MCPSECnnn].sanitizer_methods</c>: methods whose result is safe (for every input rule, or one).</summary>
    public static readonly McpOptionDefinition SanitizerMethods = new(
        "sanitizer_methods", McpOptionScope.CompilationWide, isList: true,
        "methods as Namespace.Type.Method, separated by ','", "none",
        text => McpMemberName.Parse(text) is not null,
        RuleIdentifiers.UnrestrictedFilePath, RuleIdentifiers.RawSqlText, RuleIdentifiers.ProcessExecution,
        RuleIdentifiers.ServerSideRequestForgery, RuleIdentifiers.CallerWrittenSql);

    /// <summary><c>mcpsec[.MCPSECnnn].extra_sinks</c>: more sinks (for every input rule, or one).</summary>
    public static readonly McpOptionDefinition ExtraSinks = new(
        "extra_sinks", McpOptionScope.CompilationWide, isList: true,
        "members as Namespace.Type.Method (every string parameter), Namespace.Type.Method(param1|param2) or Namespace.Type..ctor(param), separated by ','", "none",
        text => McpMemberName.Parse(text) is not null,
        RuleIdentifiers.UnrestrictedFilePath, RuleIdentifiers.RawSqlText, RuleIdentifiers.ProcessExecution,
        RuleIdentifiers.ServerSideRequestForgery, RuleIdentifiers.CallerWrittenSql);

    /// <summary><c>mcpsec.MCPSEC020/021.include_test_projects</c>: analyse test projects too.</summary>
    public static readonly McpOptionDefinition IncludeTestProjects = new(
        "include_test_projects", McpOptionScope.CompilationWide, isList: false,
        "true or false", "false",
        McpOptionSyntax.IsBoolean,
        RuleIdentifiers.HardcodedCredential, RuleIdentifiers.SecretInProjectFile);

    /// <summary><c>mcpsec.MCPSEC050.max_token_days</c>: the longest token lifetime allowed.</summary>
    public static readonly McpOptionDefinition MaxTokenDays = new(
        "max_token_days", McpOptionScope.PerFile, isList: false,
        "a whole number of days greater than 0", McpOptions.DefaultMaxTokenDays.ToString(CultureInfo.InvariantCulture),
        text => McpOptionSyntax.ParsePositiveInteger(text) is not null,
        RuleIdentifiers.LongLivedToken);

    /// <summary><c>mcpsec.MCPSEC062.predictable_paths</c>: the routes to report (replaces the default list).</summary>
    public static readonly McpOptionDefinition PredictablePaths = new(
        "predictable_paths", McpOptionScope.PerFile, isList: true,
        "routes such as /mcp, separated by ','", string.Join(", ", McpOptions.DefaultPredictablePathList),
        McpOptionSyntax.IsRoute,
        RuleIdentifiers.PredictableEndpointPath);

    /// <summary><c>mcpsec.MCPSEC070.phrase_checks</c>: <c>false</c> keeps only the character and pseudo-tag checks.</summary>
    public static readonly McpOptionDefinition PhraseChecks = new(
        "phrase_checks", McpOptionScope.PerFile, isList: false,
        "true or false", "true",
        McpOptionSyntax.IsBoolean,
        RuleIdentifiers.ToolPoisoning);

    /// <summary><c>mcpsec.MCPSEC070.extra_phrases</c>: more phrases to report.</summary>
    public static readonly McpOptionDefinition ExtraPhrases = new(
        "extra_phrases", McpOptionScope.PerFile, isList: true,
        "phrases separated by ','", "none",
        _ => true,
        RuleIdentifiers.ToolPoisoning);

    /// <summary>Every documented option.</summary>
    public static readonly ImmutableArray<McpOptionDefinition> All = ImmutableArray.Create(
        TrustedTypes, SanitizerMethods, ExtraSinks, IncludeTestProjects, MaxTokenDays, PredictablePaths, PhraseChecks, ExtraPhrases);

    /// <summary>The option's name, the last part of its keys.</summary>
    public string Name { get; }

    public McpOptionScope Scope { get; }

    /// <summary>True for a list: entries separated by <c>,</c>, each checked on its own.</summary>
    public bool IsList { get; }

    /// <summary>How a value (or, for a list, each entry) must look; named in the malformed-option diagnostic.</summary>
    public string ExpectedForm { get; }

    /// <summary>The value that applies when the option is not set, as the docs write it.</summary>
    public string DefaultValue { get; }

    /// <summary>The rules with a key of their own; empty when only <c>mcpsec.&lt;name&gt;</c> exists.</summary>
    public ImmutableArray<string> RuleIds { get; }

    /// <summary><c>mcpsec.&lt;name&gt;</c> for <paramref name="ruleId"/> null, else <c>mcpsec.MCPSECnnn.&lt;name&gt;</c>.</summary>
    public string KeyFor(string? ruleId) => ruleId is null ? "mcpsec." + Name : "mcpsec." + ruleId + "." + Name;

    /// <summary>Every key the option is read from: the rules' own keys, then the one for all rules.</summary>
    public IEnumerable<string> Keys => RuleIds.Select(id => KeyFor(id)).Concat(new[] { KeyFor(null) });

    /// <summary>True when a value (a scalar's whole value, or one entry of a list) has the expected form.</summary>
    public bool IsValid(string text) => _isValid(text.Trim());
}

/// <summary>A value of an option that does not have the expected form (reported once per key by MCPA002).</summary>
internal sealed record McpMalformedOption(string Key, string Value, string ExpectedForm, string Consequence);

/// <summary>
/// A member named in an option: <c>Namespace.Type.Member</c>, optionally with the parameters that matter,
/// <c>Namespace.Type.Member(param1|param2)</c> (or <c>(param1, param2)</c>); <c>Namespace.Type..ctor</c> names a constructor. Type names are
/// metadata names (<c>Outer.Inner</c> for a nested type, <c>Box`1</c> for a generic one).
/// </summary>
internal sealed record McpMemberName(string TypeName, string Member, ImmutableHashSet<string>? Parameters)
{
    /// <summary>The parsed member, or null when <paramref name="text"/> does not have the form.</summary>
    public static McpMemberName? Parse(string text)
    {
        text = text.Trim();
        ImmutableHashSet<string>? parameters = null;
        var open = text.IndexOf('(');
        var close = text.IndexOf(')');
        if (open >= 0 || close >= 0)
        {
            if (open <= 0 || close != text.Length - 1 || text.IndexOf('(', open + 1) >= 0)
            {
                return null;
            }

            var names = text.Substring(open + 1, close - open - 1).Split(new[] { '|', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 0 || !names.All(SyntaxFacts.IsValidIdentifier))
            {
                return null;
            }

            parameters = ImmutableHashSet.Create(StringComparer.Ordinal, names);
            text = text.Substring(0, open).TrimEnd();
        }

        string type;
        string member;
        if (text.EndsWith("..ctor", StringComparison.Ordinal))
        {
            type = text.Substring(0, text.Length - "..ctor".Length);
            member = ".ctor";
        }
        else
        {
            var dot = text.LastIndexOf('.');
            if (dot <= 0 || dot == text.Length - 1)
            {
                return null;
            }

            type = text.Substring(0, dot);
            member = text.Substring(dot + 1);
            if (!SyntaxFacts.IsValidIdentifier(member))
            {
                return null;
            }
        }

        return McpOptionSyntax.IsMetadataTypeName(type) ? new McpMemberName(type, member, parameters) : null;
    }
}

/// <summary>The forms option values take.</summary>
internal static class McpOptionSyntax
{
    /// <summary>
    /// The non-empty, trimmed entries of a list value, split at <c>,</c> (and <c>;</c>) outside <c>&lt;...&gt;</c> and
    /// <c>(...)</c>, so <c>My.Pair&lt;TKey, TValue&gt;</c> and <c>My.Db.Run(sql, args)</c> stay one entry. In
    /// <c>.editorconfig</c> and <c>.globalconfig</c> a <c>;</c> or <c>#</c> after the value starts a comment (the
    /// compiler drops the rest of the line before analyzers see it), so the docs name <c>,</c> only.
    /// </summary>
    public static IEnumerable<string> Entries(string value)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            var c = i < value.Length ? value[i] : ',';
            if (c is '<' or '(')
            {
                depth++;
            }
            else if (c is '>' or ')')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if ((c is ',' or ';' && depth == 0) || i == value.Length)
            {
                var entry = value.Substring(start, i - start).Trim();
                if (entry.Length > 0)
                {
                    yield return entry;
                }

                start = i + 1;
            }
        }
    }

    public static bool IsBoolean(string text) => ParseBoolean(text) is not null;

    public static bool? ParseBoolean(string text)
        => string.Equals(text.Trim(), "true", StringComparison.OrdinalIgnoreCase) ? true
            : string.Equals(text.Trim(), "false", StringComparison.OrdinalIgnoreCase) ? false
            : null;

    public static int? ParsePositiveInteger(string text)
        => int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;

    /// <summary>A route: no white space (a space-separated list is one unmatchable entry), no query or fragment.</summary>
    public static bool IsRoute(string text) => text.Length > 0 && !text.Any(c => char.IsWhiteSpace(c) || c is '?' or '#');

    /// <summary>
    /// A type as C# displays it: dotted identifiers, each optionally with type parameters
    /// (<c>MyCompany.Tools.ToolContext</c>, <c>MyCompany.Box&lt;T&gt;</c>), <c>global::</c> allowed.
    /// </summary>
    public static bool IsTypeName(string text)
    {
        text = StripGlobal(text.Trim());
        var depth = 0;
        var start = 0;
        var segments = new List<string>();
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '<':
                    depth++;
                    break;
                case '>':
                    if (--depth < 0)
                    {
                        return false;
                    }

                    break;
                case '.' when depth == 0:
                    segments.Add(text.Substring(start, i - start));
                    start = i + 1;
                    break;
            }
        }

        segments.Add(text.Substring(start));
        return depth == 0 && segments.All(IsTypeSegment);
    }

    /// <summary>A type as metadata names it: dotted identifiers, each optionally with a generic arity (<c>Box`1</c>).</summary>
    public static bool IsMetadataTypeName(string text)
        => text.Length > 0 && text.Split('.').All(segment =>
        {
            var tick = segment.IndexOf('`');
            return tick < 0
                ? SyntaxFacts.IsValidIdentifier(segment)
                : SyntaxFacts.IsValidIdentifier(segment.Substring(0, tick)) && int.TryParse(segment.Substring(tick + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var arity) && arity > 0;
        });

    /// <summary>The name <see cref="McpPrimitives"/> compares with: no <c>global::</c>.</summary>
    public static string StripGlobal(string text) => text.StartsWith("global::", StringComparison.Ordinal) ? text.Substring("global::".Length) : text;

    private static bool IsTypeSegment(string segment)
    {
        segment = segment.Trim();
        var open = segment.IndexOf('<');
        if (open < 0)
        {
            return SyntaxFacts.IsValidIdentifier(segment);
        }

        if (!segment.EndsWith(">", StringComparison.Ordinal) || !SyntaxFacts.IsValidIdentifier(segment.Substring(0, open)))
        {
            return false;
        }

        var arguments = segment.Substring(open + 1, segment.Length - open - 2);
        return arguments.Trim().Length > 0 && SplitTopLevel(arguments).All(argument => IsTypeName(argument));
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '<')
            {
                depth++;
            }
            else if (text[i] == '>')
            {
                depth--;
            }
            else if (text[i] == ',' && depth == 0)
            {
                yield return text.Substring(start, i - start);
                start = i + 1;
            }
        }

        yield return text.Substring(start);
    }
}

/// <summary>
/// The documented options (<see cref="McpOptionDefinition.All"/>), parsed in one place from <c>.editorconfig</c> and
/// <c>.globalconfig</c>: <c>mcpsec.&lt;option&gt;</c> (all rules that read it) or <c>mcpsec.MCPSECnnn.&lt;option&gt;</c>
/// (one rule). Per-file options are read for the file at hand; compilation-wide ones once per compilation, from the
/// global options and every file's options, merged. Malformed values are left out (the default applies) and listed in
/// <see cref="Malformed"/>.
/// </summary>
internal sealed class McpOptions
{
    /// <summary>The default of <see cref="McpOptionDefinition.MaxTokenDays"/>.</summary>
    public const int DefaultMaxTokenDays = 90;

    /// <summary>The default of <see cref="McpOptionDefinition.PredictablePaths"/>, in the docs' order.</summary>
    public static readonly ImmutableArray<string> DefaultPredictablePathList = ImmutableArray.Create("/", "/mcp", "/sse", "/message", "/messages", "/api/mcp", "/mcp/sse");

    public static readonly ImmutableHashSet<string> DefaultPredictablePaths = ImmutableHashSet.CreateRange(StringComparer.OrdinalIgnoreCase, DefaultPredictablePathList);

    private readonly AnalyzerConfigOptionsProvider _provider;
    private readonly Compilation _compilation;
    private readonly Lazy<ImmutableArray<AnalyzerConfigOptions>> _scopes;
    private readonly Lazy<ImmutableHashSet<string>> _trustedTypes;
    private readonly Lazy<ImmutableArray<McpMalformedOption>> _malformed;
    private readonly ConcurrentDictionary<string, ImmutableArray<McpMemberName>> _members = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _switches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SyntaxTree, McpFileOptions> _files = new();

    public McpOptions(AnalyzerOptions options, Compilation compilation)
    {
        _provider = options.AnalyzerConfigOptionsProvider;
        _compilation = compilation;
        _scopes = new Lazy<ImmutableArray<AnalyzerConfigOptions>>(AllScopes, LazyThreadSafetyMode.ExecutionAndPublication);
        _trustedTypes = new Lazy<ImmutableHashSet<string>>(
            () => ImmutableHashSet.CreateRange(StringComparer.Ordinal, CompilationWideEntries(McpOptionDefinition.TrustedTypes.KeyFor(null), McpOptionDefinition.TrustedTypes).Select(McpOptionSyntax.StripGlobal)),
            LazyThreadSafetyMode.ExecutionAndPublication);
        _malformed = new Lazy<ImmutableArray<McpMalformedOption>>(FindMalformed, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary><c>mcpsec.trusted_types</c> (compilation-wide).</summary>
    public ImmutableHashSet<string> TrustedTypes => _trustedTypes.Value;

    /// <summary>
    /// <c>mcpsec.MCPSECnnn.sanitizer_methods</c>, or <c>mcpsec.sanitizer_methods</c> for <paramref name="ruleId"/> null
    /// (compilation-wide).
    /// </summary>
    public ImmutableArray<McpMemberName> SanitizerMethods(string? ruleId) => Members(McpOptionDefinition.SanitizerMethods, ruleId);

    /// <summary><c>mcpsec.MCPSECnnn.extra_sinks</c>, or <c>mcpsec.extra_sinks</c> for <paramref name="ruleId"/> null (compilation-wide).</summary>
    public ImmutableArray<McpMemberName> ExtraSinks(string? ruleId) => Members(McpOptionDefinition.ExtraSinks, ruleId);

    /// <summary>
    /// <c>mcpsec.MCPSECnnn.include_test_projects</c> (or <c>mcpsec.include_test_projects</c>), compilation-wide: true when
    /// the global options or any file's options turn it on.
    /// </summary>
    public bool IncludeTestProjects(string ruleId)
        => _switches.GetOrAdd(McpOptionDefinition.IncludeTestProjects.KeyFor(ruleId), _ =>
        {
            foreach (var scope in _scopes.Value)
            {
                if (Scalar(scope, McpOptionDefinition.IncludeTestProjects, ruleId) is { } value && McpOptionSyntax.ParseBoolean(value) == true)
                {
                    return true;
                }
            }

            return false;
        });

    /// <summary>The per-file options of <paramref name="tree"/>, read once per file.</summary>
    public McpFileOptions ForFile(SyntaxTree tree) => _files.GetOrAdd(tree, t => new McpFileOptions(this, t));

    /// <summary>Every malformed value in the global options or any file's options, the first one of each key.</summary>
    public ImmutableArray<McpMalformedOption> Malformed => _malformed.Value;

    /// <summary>A per-file scalar: the first well-formed value of the file's rule key, its generic key, then the global ones.</summary>
    internal string? PerFileScalar(SyntaxTree tree, McpOptionDefinition option, string ruleId)
        => Scalar(_provider.GetOptions(tree), option, ruleId) ?? Scalar(_provider.GlobalOptions, option, ruleId);

    /// <summary>A per-file list: the well-formed entries of the first key that has any, as <see cref="PerFileScalar"/> orders them.</summary>
    internal ImmutableArray<string>? PerFileList(SyntaxTree tree, McpOptionDefinition option, string ruleId)
        => List(_provider.GetOptions(tree), option, ruleId) ?? List(_provider.GlobalOptions, option, ruleId);

    private static string? Scalar(AnalyzerConfigOptions scope, McpOptionDefinition option, string ruleId)
    {
        foreach (var key in new[] { option.KeyFor(ruleId), option.KeyFor(null) })
        {
            if (scope.TryGetValue(key, out var value) && option.IsValid(value))
            {
                return value.Trim();
            }
        }

        return null;
    }

    private static ImmutableArray<string>? List(AnalyzerConfigOptions scope, McpOptionDefinition option, string ruleId)
    {
        foreach (var key in new[] { option.KeyFor(ruleId), option.KeyFor(null) })
        {
            if (scope.TryGetValue(key, out var value))
            {
                var entries = McpOptionSyntax.Entries(value).ToList();
                var valid = entries.Where(option.IsValid).ToImmutableArray();

                // A value with nothing usable in it is no setting (a typo must not switch a check off).
                if (valid.Length > 0 || entries.Count == 0)
                {
                    return valid;
                }
            }
        }

        return null;
    }

    private ImmutableArray<McpMemberName> Members(McpOptionDefinition option, string? ruleId)
        => _members.GetOrAdd(option.KeyFor(ruleId), key => CompilationWideEntries(key, option).Select(e => McpMemberName.Parse(e)!).ToImmutableArray());

    /// <summary>The well-formed entries of a compilation-wide list key, united over the global options and every file's.</summary>
    private IEnumerable<string> CompilationWideEntries(string key, McpOptionDefinition option)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var scope in _scopes.Value)
        {
            if (scope.TryGetValue(key, out var value))
            {
                foreach (var entry in McpOptionSyntax.Entries(value))
                {
                    if (option.IsValid(entry) && seen.Add(entry))
                    {
                        result.Add(entry);
                    }
                }
            }
        }

        return result;
    }

    /// <summary>The global options, then the options of every file of the compilation (each read once).</summary>
    private ImmutableArray<AnalyzerConfigOptions> AllScopes()
    {
        var scopes = ImmutableArray.CreateBuilder<AnalyzerConfigOptions>();
        scopes.Add(_provider.GlobalOptions);
        foreach (var tree in _compilation.SyntaxTrees)
        {
            scopes.Add(_provider.GetOptions(tree));
        }

        return scopes.ToImmutable();
    }

    private ImmutableArray<McpMalformedOption> FindMalformed()
    {
        var result = ImmutableArray.CreateBuilder<McpMalformedOption>();
        foreach (var option in McpOptionDefinition.All)
        {
            foreach (var key in option.Keys)
            {
                foreach (var scope in _scopes.Value)
                {
                    if (scope.TryGetValue(key, out var value) && Check(key, value, option) is { } malformed)
                    {
                        result.Add(malformed);
                        break;
                    }
                }
            }
        }

        return result.ToImmutable();
    }

    private static McpMalformedOption? Check(string key, string value, McpOptionDefinition option)
    {
        if (!option.IsList)
        {
            return option.IsValid(value) ? null : new McpMalformedOption(key, value.Trim(), option.ExpectedForm, "the value is ignored (default: " + option.DefaultValue + ")");
        }

        var invalid = McpOptionSyntax.Entries(value).Where(e => !option.IsValid(e)).ToList();
        return invalid.Count == 0
            ? null
            : new McpMalformedOption(key, string.Join(", ", invalid), option.ExpectedForm, invalid.Count == 1 ? "the entry is ignored" : "these entries are ignored");
    }
}

/// <summary>The per-file options of one syntax tree, parsed once.</summary>
internal sealed class McpFileOptions
{
    internal McpFileOptions(McpOptions options, SyntaxTree tree)
    {
        MaxTokenDays = options.PerFileScalar(tree, McpOptionDefinition.MaxTokenDays, RuleIdentifiers.LongLivedToken) is { } days
            ? McpOptionSyntax.ParsePositiveInteger(days) ?? McpOptions.DefaultMaxTokenDays
            : McpOptions.DefaultMaxTokenDays;
        PredictablePaths = options.PerFileList(tree, McpOptionDefinition.PredictablePaths, RuleIdentifiers.PredictableEndpointPath) is { } paths
            ? ImmutableHashSet.CreateRange(StringComparer.OrdinalIgnoreCase, paths)
            : McpOptions.DefaultPredictablePaths;
        PhraseChecks = options.PerFileScalar(tree, McpOptionDefinition.PhraseChecks, RuleIdentifiers.ToolPoisoning) is not { } phrases
                       || McpOptionSyntax.ParseBoolean(phrases) != false;
        ExtraPhrases = options.PerFileList(tree, McpOptionDefinition.ExtraPhrases, RuleIdentifiers.ToolPoisoning) ?? ImmutableArray<string>.Empty;
    }

    /// <summary><c>mcpsec.MCPSEC050.max_token_days</c>.</summary>
    public int MaxTokenDays { get; }

    /// <summary><c>mcpsec.MCPSEC062.predictable_paths</c> (replaces the default list).</summary>
    public ImmutableHashSet<string> PredictablePaths { get; }

    /// <summary><c>mcpsec.MCPSEC070.phrase_checks</c>.</summary>
    public bool PhraseChecks { get; }

    /// <summary><c>mcpsec.MCPSEC070.extra_phrases</c>.</summary>
    public ImmutableArray<string> ExtraPhrases { get; }
}
