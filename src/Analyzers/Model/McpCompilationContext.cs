using System;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Model;

/// <summary>
/// Everything the rules ask about one compilation: the SDK's symbols, the primitives and their untrusted
/// parameters, the server setups. Created once per compilation and shared by all our analyzers.
/// </summary>
internal sealed class McpCompilationContext
{
    private static readonly ConditionalWeakTable<Compilation, McpCompilationContext> Cache = new();

    private readonly Lazy<McpServerModel> _servers;

    private McpCompilationContext(Compilation compilation, AnalyzerOptions options)
    {
        Compilation = compilation;
        Symbols = new McpSymbols(compilation);
        Options = new McpOptions(options);
        Primitives = new McpPrimitives(Symbols, Options.GetGlobalList("trusted_types"));
        _servers = new Lazy<McpServerModel>(() => McpServerModel.Build(compilation, Symbols, Primitives, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Compilation Compilation { get; }

    public McpSymbols Symbols { get; }

    public McpPrimitives Primitives { get; }

    public McpOptions Options { get; }

    /// <summary>The server setups and endpoints of the compilation, built on first use.</summary>
    public McpServerModel Servers => _servers.Value;

    public static McpCompilationContext Get(Compilation compilation, AnalyzerOptions options)
        => Cache.GetValue(compilation, c => new McpCompilationContext(c, options));
}

/// <summary>
/// Options from <c>.editorconfig</c> / <c>.globalconfig</c>: <c>mcpsec.&lt;option&gt;</c> (all rules) or
/// <c>mcpsec.MCPSECnnn.&lt;option&gt;</c> (one rule; wins over the global one).
/// </summary>
internal sealed class McpOptions
{
    private readonly AnalyzerOptions _options;

    public McpOptions(AnalyzerOptions options) => _options = options;

    public string? Get(string option, string? ruleId = null, SyntaxTree? tree = null)
    {
        var provider = _options.AnalyzerConfigOptionsProvider;
        var scoped = tree is null ? provider.GlobalOptions : provider.GetOptions(tree);
        if (ruleId is not null && scoped.TryGetValue("mcpsec." + ruleId + "." + option, out var perRule))
        {
            return perRule;
        }

        if (scoped.TryGetValue("mcpsec." + option, out var global))
        {
            return global;
        }

        if (tree is not null)
        {
            return Get(option, ruleId, null);
        }

        return null;
    }

    /// <summary>A comma- or semicolon-separated list option; <paramref name="defaults"/> when unset.</summary>
    public ImmutableHashSet<string> GetList(string option, string? ruleId, SyntaxTree? tree, ImmutableHashSet<string> defaults)
    {
        var value = Get(option, ruleId, tree);
        if (value is null)
        {
            return defaults;
        }

        var builder = ImmutableHashSet.CreateBuilder(defaults.KeyComparer);
        foreach (var item in value.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = item.Trim();
            if (trimmed.Length > 0)
            {
                builder.Add(trimmed);
            }
        }

        return builder.ToImmutable();
    }

    public ImmutableHashSet<string> GetGlobalList(string option)
        => GetList(option, null, null, ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal));
}
