using System;
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
        Options = new McpOptions(options, compilation);
        Primitives = new McpPrimitives(Symbols, Options.TrustedTypes);
        _servers = new Lazy<McpServerModel>(() => McpServerModel.Build(compilation, Symbols, Primitives, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Compilation Compilation { get; }

    public McpSymbols Symbols { get; }

    public McpPrimitives Primitives { get; }

    /// <summary>The documented <c>mcpsec.*</c> options, parsed (see <see cref="McpOptions"/>).</summary>
    public McpOptions Options { get; }

    /// <summary>The server setups and endpoints of the compilation, built on first use.</summary>
    public McpServerModel Servers => _servers.Value;

    public static McpCompilationContext Get(Compilation compilation, AnalyzerOptions options)
        => Cache.GetValue(compilation, c => new McpCompilationContext(c, options));
}
