using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace McpAnalyzers.ProjectFiles;

internal enum ProjectFileKind
{
    None,
    AppSettings,
    LaunchSettings,
    DotEnv,
}

/// <summary>One setting read from a project file: its configuration key, its value and where the value stands.</summary>
internal readonly struct ConfigEntry
{
    public ConfigEntry(string key, string value, TextSpan span)
    {
        Key = key;
        Value = value;
        Span = span;
    }

    /// <summary>Colon-separated key as <c>IConfiguration</c> sees it (<c>Kestrel:Endpoints:Http:Url</c>).</summary>
    public string Key { get; }

    public string Value { get; }

    public TextSpan Span { get; }

    /// <summary>The last segment of <see cref="Key"/>.</summary>
    public string Name
    {
        get
        {
            var index = Key.LastIndexOf(':');
            return index < 0 ? Key : Key.Substring(index + 1);
        }
    }
}

/// <summary>
/// A project file that matters to the rules (<c>appsettings*.json</c>, <c>Properties/launchSettings.json</c>,
/// <c>.env*</c>), read once from AdditionalFiles and shared by every rule of the compilation.
/// </summary>
internal sealed class ProjectFile
{
    private static readonly ConditionalWeakTable<AdditionalText, ProjectFile> Cache = new();

    private ProjectFile(AdditionalText file, ProjectFileKind kind, SourceText? text, IReadOnlyList<ConfigEntry> entries)
    {
        File = file;
        Kind = kind;
        Text = text;
        Entries = entries;
    }

    public AdditionalText File { get; }

    public ProjectFileKind Kind { get; }

    public SourceText? Text { get; }

    /// <summary>Every scalar setting in the file, flattened to configuration keys.</summary>
    public IReadOnlyList<ConfigEntry> Entries { get; }

    public static ProjectFileKind Classify(string path)
    {
        var name = Path.GetFileName(path);
        if (name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return ProjectFileKind.AppSettings;
        }

        if (string.Equals(name, "launchSettings.json", StringComparison.OrdinalIgnoreCase))
        {
            return ProjectFileKind.LaunchSettings;
        }

        if (string.Equals(name, ".env", StringComparison.OrdinalIgnoreCase) || name.StartsWith(".env.", StringComparison.OrdinalIgnoreCase))
        {
            return ProjectFileKind.DotEnv;
        }

        return ProjectFileKind.None;
    }

    /// <summary>The parsed file, or null when it is not one of ours or cannot be read. Never throws.</summary>
    public static ProjectFile? Get(AdditionalText file, CancellationToken cancellationToken)
    {
        var kind = Classify(file.Path);
        if (kind == ProjectFileKind.None)
        {
            return null;
        }

        if (Cache.TryGetValue(file, out var cached))
        {
            return cached;
        }

        SourceText? text;
        try
        {
            text = file.GetText(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            text = null;
        }

        var entries = new List<ConfigEntry>();
        if (text is not null)
        {
            var content = text.ToString();
            if (kind == ProjectFileKind.DotEnv)
            {
                DotEnv.Read(content, entries);
            }
            else if (TolerantJson.Parse(content) is { } root)
            {
                Flatten(root, prefix: null, entries);
            }
        }

        var parsed = new ProjectFile(file, kind, text, entries);
        return Cache.GetValue(file, _ => parsed);
    }

    public Location GetLocation(TextSpan span)
    {
        if (Text is null)
        {
            return Location.None;
        }

        return Location.Create(File.Path, span, Text.Lines.GetLinePositionSpan(span));
    }

    private static void Flatten(JsonNode node, string? prefix, List<ConfigEntry> entries)
    {
        switch (node.Kind)
        {
            case JsonKind.Object:
                foreach (var property in node.Properties)
                {
                    Flatten(property.Value, prefix is null ? property.Name : prefix + ":" + property.Name, entries);
                }

                break;
            case JsonKind.Array:
                for (var i = 0; i < node.Items.Count; i++)
                {
                    Flatten(node.Items[i], (prefix is null ? string.Empty : prefix + ":") + i.ToString(System.Globalization.CultureInfo.InvariantCulture), entries);
                }

                break;
            case JsonKind.Null:
                break;
            default:
                if (prefix is not null)
                {
                    entries.Add(new ConfigEntry(prefix, node.Value ?? string.Empty, node.Span));
                }

                break;
        }
    }
}
