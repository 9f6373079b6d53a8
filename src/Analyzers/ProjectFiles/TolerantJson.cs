using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace McpAnalyzers.ProjectFiles;

internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A JSON value with the span it came from, so diagnostics can point at the file's line.</summary>
internal sealed class JsonNode
{
    private JsonNode(JsonKind kind, TextSpan span)
    {
        Kind = kind;
        Span = span;
    }

    public JsonKind Kind { get; }

    public TextSpan Span { get; internal set; }

    /// <summary>String value, or number text.</summary>
    public string? Value { get; private set; }

    public List<JsonProperty> Properties { get; } = new();

    public List<JsonNode> Items { get; } = new();

    public static JsonNode Create(JsonKind kind, TextSpan span, string? value = null) => new(kind, span) { Value = value };

    /// <summary>The property value whose name matches ignoring case (as Microsoft.Extensions.Configuration does).</summary>
    public JsonNode? Get(string name)
    {
        foreach (var property in Properties)
        {
            if (string.Equals(property.Name, name, System.StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}

internal sealed class JsonProperty
{
    public JsonProperty(string name, TextSpan nameSpan, JsonNode value)
    {
        Name = name;
        NameSpan = nameSpan;
        Value = value;
    }

    public string Name { get; }

    public TextSpan NameSpan { get; }

    public JsonNode Value { get; }
}

/// <summary>
/// A forgiving JSON reader for project files: accepts comments and trailing commas (as the configuration
/// binder does), never throws, and on malformed input returns what it could read.
/// </summary>
internal sealed class TolerantJson
{
    private const int MaxDepth = 64;
    private readonly string _text;
    private int _position;

    private TolerantJson(string text) => _text = text;

    public static JsonNode? Parse(string text)
    {
        var reader = new TolerantJson(text);
        JsonNode? root = null;
        try
        {
            reader.SkipTrivia();
            reader.ReadValue(0, node => root = node);
        }
        catch (JsonStop)
        {
            // malformed: keep what was read before the error
        }

        return root;
    }

    private sealed class JsonStop : System.Exception
    {
    }

    /// <summary>Reads one value; containers are attached to their parent before they are filled, so a cut-short file keeps its prefix.</summary>
    private void ReadValue(int depth, System.Action<JsonNode> attach)
    {
        if (depth > MaxDepth || _position >= _text.Length)
        {
            throw new JsonStop();
        }

        var start = _position;
        var c = _text[_position];
        switch (c)
        {
            case '{':
                var obj = JsonNode.Create(JsonKind.Object, new TextSpan(_position, 1));
                attach(obj);
                ReadObject(obj, depth);
                return;
            case '[':
                var array = JsonNode.Create(JsonKind.Array, new TextSpan(_position, 1));
                attach(array);
                ReadArray(array, depth);
                return;
            case '"':
            case '\'':
                var value = ReadString();
                attach(JsonNode.Create(JsonKind.String, TextSpan.FromBounds(start, _position), value));
                return;
            default:
                var word = ReadBareWord();
                if (word.Length == 0)
                {
                    throw new JsonStop();
                }

                var span = TextSpan.FromBounds(start, _position);
                attach(word switch
                {
                    "true" => JsonNode.Create(JsonKind.True, span, word),
                    "false" => JsonNode.Create(JsonKind.False, span, word),
                    "null" => JsonNode.Create(JsonKind.Null, span, word),
                    _ when double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => JsonNode.Create(JsonKind.Number, span, word),
                    _ => JsonNode.Create(JsonKind.String, span, word),
                });
                return;
        }
    }

    private void ReadObject(JsonNode node, int depth)
    {
        _position++; // {
        while (true)
        {
            SkipTrivia();
            if (_position >= _text.Length)
            {
                throw new JsonStop();
            }

            if (_text[_position] == '}')
            {
                _position++;
                node.Span = TextSpan.FromBounds(node.Span.Start, _position);
                return;
            }

            if (_text[_position] == ',')
            {
                _position++;
                continue;
            }

            var nameStart = _position;
            var name = _text[_position] is '"' or '\'' ? ReadString() : ReadBareWord();
            if (_position == nameStart)
            {
                throw new JsonStop();
            }

            var nameSpan = TextSpan.FromBounds(nameStart, _position);
            SkipTrivia();
            if (_position >= _text.Length || _text[_position] != ':')
            {
                throw new JsonStop();
            }

            _position++;
            SkipTrivia();
            ReadValue(depth + 1, value => node.Properties.Add(new JsonProperty(name, nameSpan, value)));
            node.Span = TextSpan.FromBounds(node.Span.Start, _position);
        }
    }

    private void ReadArray(JsonNode node, int depth)
    {
        _position++; // [
        while (true)
        {
            SkipTrivia();
            if (_position >= _text.Length)
            {
                throw new JsonStop();
            }

            if (_text[_position] == ']')
            {
                _position++;
                node.Span = TextSpan.FromBounds(node.Span.Start, _position);
                return;
            }

            if (_text[_position] == ',')
            {
                _position++;
                continue;
            }

            ReadValue(depth + 1, node.Items.Add);
            node.Span = TextSpan.FromBounds(node.Span.Start, _position);
        }
    }

    private string ReadString()
    {
        var quote = _text[_position];
        _position++;
        var builder = new StringBuilder();
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c == quote)
            {
                return builder.ToString();
            }

            if (c is '\n' or '\r')
            {
                break; // unterminated string: stop at the line end
            }

            if (c != '\\' || _position >= _text.Length)
            {
                builder.Append(c);
                continue;
            }

            var escape = _text[_position++];
            switch (escape)
            {
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'u' when _position + 4 <= _text.Length
                    && int.TryParse(_text.Substring(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                    builder.Append((char)code);
                    _position += 4;
                    break;
                default: builder.Append(escape); break;
            }
        }

        throw new JsonStop();
    }

    private string ReadBareWord()
    {
        var start = _position;
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (char.IsWhiteSpace(c) || c is ',' or ':' or '}' or ']' or '{' or '[' or '"' or '/')
            {
                break;
            }

            _position++;
        }

        return _text.Substring(start, _position - start);
    }

    private void SkipTrivia()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                _position++;
            }
            else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '/')
            {
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    _position++;
                }
            }
            else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '*')
            {
                var end = _text.IndexOf("*/", _position + 2, System.StringComparison.Ordinal);
                _position = end < 0 ? _text.Length : end + 2;
            }
            else
            {
                return;
            }
        }
    }
}
