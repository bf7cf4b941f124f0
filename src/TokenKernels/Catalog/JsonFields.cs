using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenKernels.Catalog;

/// <summary>
/// Typed access to the fields of one JSON object, with errors that name the field (and the file's kind), so a user can
/// fix a hand-written spec from the message alone. Every field read is remembered so unknown (misspelt) fields can be reported.
/// </summary>
internal sealed class JsonFields
{
    private readonly JsonObject _o;
    private readonly string _what;
    private readonly string _parameterName;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private JsonFields(JsonObject o, string what, string parameterName)
    {
        _o = o;
        _what = what;
        _parameterName = parameterName;
    }

    public static JsonFields Parse(string json, string what, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(json, parameterName);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{what} JSON is malformed: {e.Message}", parameterName, e);
        }

        return node is JsonObject o
            ? new JsonFields(o, what, parameterName)
            : throw new ArgumentException($"{what} JSON must be an object.", parameterName);
    }

    public bool Has(string name) => _o[name] is not null;

    public JsonFields? Object(string name)
    {
        _read.Add(name);
        return _o[name] switch
        {
            null => null,
            JsonObject child => new JsonFields(child, $"{_what} '{name}'", _parameterName),
            _ => throw Error(name, "must be an object"),
        };
    }

    public JsonArray? Array(string name)
    {
        _read.Add(name);
        return _o[name] switch
        {
            null => null,
            JsonArray a => a,
            _ => throw Error(name, "must be an array"),
        };
    }

    public string? OptionalString(string name)
    {
        _read.Add(name);
        var node = _o[name];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue v && v.TryGetValue(out string? s) ? s : throw Error(name, "must be a string");
    }

    public string String(string name) =>
        OptionalString(name) is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s) ? s : throw Error(name, "is required (a non-empty string)");

    public double? OptionalNumber(string name)
    {
        _read.Add(name);
        var node = _o[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d) && double.IsFinite(d))
        {
            return d;
        }

        throw Error(name, $"must be a number (was {node.ToJsonString()})");
    }

    public double PositiveNumber(string name) => OptionalPositiveNumber(name) ?? throw Error(name, "is required (a positive number)");

    public double? OptionalPositiveNumber(string name) => OptionalNumber(name) switch
    {
        null => null,
        > 0 and var d => d,
        var d => throw Error(name, $"must be positive (was {d.Value.ToString(CultureInfo.InvariantCulture)})"),
    };

    public int? OptionalInt(string name)
    {
        var d = OptionalNumber(name);
        if (d is null)
        {
            return null;
        }

        if (d.Value != Math.Floor(d.Value))
        {
            throw Error(name, $"must be a whole number (was {d.Value.ToString(CultureInfo.InvariantCulture)})");
        }

        return d.Value is >= int.MinValue and <= int.MaxValue
            ? (int)d.Value
            : throw Error(name, $"is too large (was {d.Value.ToString(CultureInfo.InvariantCulture)}; at most {int.MaxValue:N0})");
    }

    public int Int(string name) => OptionalInt(name) ?? throw Error(name, "is required (an integer)");

    public int PositiveInt(string name) => Int(name) is > 0 and var i ? i : throw Error(name, "must be a positive integer");

    public int NonNegativeInt(string name, int fallback = 0) =>
        (OptionalInt(name) ?? fallback) is >= 0 and var i ? i : throw Error(name, "must not be negative");

    public bool? OptionalBool(string name)
    {
        _read.Add(name);
        var node = _o[name];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue v && v.TryGetValue(out bool b) ? b : throw Error(name, "must be true or false");
    }

    public Precision? OptionalPrecision(string name)
    {
        var s = OptionalString(name);
        if (s is null)
        {
            return null;
        }

        try
        {
            return PrecisionExtensions.Parse(s, _parameterName);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{_what} field '{name}': {e.Message}", _parameterName, e);
        }
    }

    /// <summary>Fails on the first field not in <paramref name="known"/>: checked first, so <c>{"hi": 1}</c> reports 'hi', not a missing field.</summary>
    public void RejectFieldsOtherThan(IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        foreach (var (name, _) in _o)
        {
            if (!known.Contains(name))
            {
                throw Error(name, "is not a known field");
            }
        }
    }

    /// <summary>Accepts a field whatever it holds (free-form detail such as a profile's <c>provenance_detail</c>).</summary>
    public void Accept(string name) => _read.Add(name);

    /// <summary>
    /// A spec's own validation error (it names the record property, <c>MemoryBandwidth</c>) restated with the JSON
    /// field the user wrote (<c>hbm_tb_s</c>): the property in <paramref name="fields"/>, else its snake_case spelling.
    /// </summary>
    public ArgumentException Renamed(ArgumentException e, IReadOnlyDictionary<string, string>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        string message = MessageOf(e);
        if (e.ParamName is { Length: > 0 } property)
        {
            string field = fields is not null && fields.TryGetValue(property, out var f) ? f : SnakeCase(property);
            message = message.Replace(property, $"field '{field}'", StringComparison.Ordinal);
        }

        return new ArgumentException($"{_what}: {message.TrimEnd('.')}.", _parameterName, e);
    }

    /// <summary>An exception's message without .NET's " (Parameter 'x')" suffix.</summary>
    public static string MessageOf(ArgumentException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string suffix = $" (Parameter '{e.ParamName}')";
        return e.ParamName is not null && e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }

    /// <summary><c>QueryHeads</c> to <c>query_heads</c>.</summary>
    public static string SnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    /// <summary>Fails on any field that was never read: a misspelt optional field would otherwise be silently ignored.</summary>
    public void RejectUnknownFields()
    {
        foreach (var (name, _) in _o)
        {
            if (!_read.Contains(name))
            {
                throw Error(name, "is not a known field");
            }
        }
    }

    public ArgumentException Error(string name, string what) => new($"{_what} field '{name}' {what}.", _parameterName);
}
