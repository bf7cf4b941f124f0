using System.Globalization;
using TokenKernels.Calibration;

namespace TokenKernels;

/// <summary>
/// Reads provider offers from CSV (RFC 4180, header row, UTF-8): columns <see cref="Columns"/>, in any order, each exactly
/// once. <c>provider</c>, <c>model</c> and <c>source</c> are required in every row; a number cell may be empty where the
/// source does not state the value. Prices are USD per million tokens, <c>ttft_s</c> seconds, <c>context_tokens</c> a
/// whole number of tokens. The format is documented in data/README.md.
/// </summary>
public static class OfferCsv
{
    /// <summary>The columns of an offers file (the contract), in the order files are written.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "provider", "model", "usd_per_mtok_input", "usd_per_mtok_input_cache_hit", "usd_per_mtok_output", "ttft_s",
        "tok_s_user", "context_tokens", "hardware", "source",
    ];

    /// <summary>Reads the offers file at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The file does not exist.</exception>
    /// <exception cref="OfferFormatException">A record is malformed; the message names the line and column.</exception>
    public static IReadOnlyList<ProviderOffer> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"Offers file '{path}' does not exist.", nameof(path));
        }

        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    /// <summary>Parses offers CSV text; <paramref name="fileName"/> names the file in error messages.</summary>
    /// <exception cref="OfferFormatException">A record is malformed; the message names the line and column.</exception>
    public static IReadOnlyList<ProviderOffer> Parse(string text, string fileName = "offers.csv")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        List<(int Line, List<string> Cells)> records;
        try
        {
            records = MeasurementCsv.ReadRecords(text, fileName);
        }
        catch (MeasurementFormatException e)
        {
            throw new OfferFormatException(e.Message, e);
        }

        records.RemoveAll(r => r.Cells.All(string.IsNullOrWhiteSpace));
        if (records.Count == 0)
        {
            throw new OfferFormatException(fileName, 1, null, null, "is empty (expected the header " + string.Join(',', Columns) + ")");
        }

        var (headerLine, header) = records[0];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Count; i++)
        {
            string name = header[i].Trim();
            if (!Columns.Contains(name))
            {
                throw new OfferFormatException(fileName, headerLine, name, null, "is not a column of the offers format (expected " + string.Join(',', Columns) + ")");
            }

            if (!index.TryAdd(name, i))
            {
                throw new OfferFormatException(fileName, headerLine, name, null, "appears twice in the header");
            }
        }

        foreach (string column in Columns.Where(c => !index.ContainsKey(c)))
        {
            throw new OfferFormatException(fileName, headerLine, column, null, "is missing from the header");
        }

        var offers = new List<ProviderOffer>();
        var providers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, cells) in records.Skip(1))
        {
            if (cells.Count != header.Count)
            {
                throw new OfferFormatException(fileName, line, null, null, $"has {cells.Count} fields but the header has {header.Count}");
            }

            var offer = ReadRow(fileName, line, cells, index);
            if (!providers.Add(offer.Provider))
            {
                throw new OfferFormatException(fileName, line, "provider", offer.Provider, "repeats an earlier row's provider (providers name offers)");
            }

            offers.Add(offer);
        }

        return offers;
    }

    /// <summary>One CSV line for <paramref name="offer"/>, fields in <see cref="Columns"/> order (no line end).</summary>
    public static string Row(ProviderOffer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        static string Number(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "";
        static string Quote(string? s) => s is null ? "" : s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
        return string.Join(',',
            Quote(offer.Provider), Quote(offer.Model), Number(offer.InputPrice?.Dollars), Number(offer.InputCacheHitPrice?.Dollars),
            Number(offer.OutputPrice?.Dollars), Number(offer.Ttft?.Seconds), Number(offer.TokSUser), Number(offer.ContextTokens),
            Quote(offer.Hardware), Quote(offer.Source));
    }

    private static ProviderOffer ReadRow(string file, int line, List<string> cells, Dictionary<string, int> index)
    {
        string Text(string column) => cells[index[column]].Trim();
        OfferFormatException Fail(string column, string problem) => new(file, line, column, Text(column), problem);

        string Required(string column) => Text(column) is { Length: > 0 } t ? t : throw new OfferFormatException(file, line, column, null, "must not be empty");

        double? Number(string column, bool positive)
        {
            string t = Text(column);
            if (t.Length == 0)
            {
                return null;
            }

            if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            {
                throw Fail(column, "is not a number");
            }

            return positive ? (v > 0 ? v : throw Fail(column, "must be positive"))
                : (v >= 0 ? v : throw Fail(column, "must not be negative"));
        }

        int? WholeNumber(string column)
        {
            string t = Text(column);
            if (t.Length == 0)
            {
                return null;
            }

            return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0 ? v : throw Fail(column, "is not a positive whole number of tokens");
        }

        static Usd? Price(double? v) => v is { } d ? new Usd(d) : null;
        var offer = new ProviderOffer
        {
            Provider = Required("provider"),
            Model = Required("model"),
            InputPrice = Price(Number("usd_per_mtok_input", positive: false)),
            InputCacheHitPrice = Price(Number("usd_per_mtok_input_cache_hit", positive: false)),
            OutputPrice = Price(Number("usd_per_mtok_output", positive: false)),
            Ttft = Number("ttft_s", positive: true) is { } s ? Duration.FromSeconds(s) : null,
            TokSUser = Number("tok_s_user", positive: true),
            ContextTokens = WholeNumber("context_tokens"),
            Hardware = Text("hardware") is { Length: > 0 } h ? h : null,
            Source = Required("source"),
        };
        if (offer.InputCacheHitPrice is { } hit && offer.InputPrice is { } miss && hit > miss)
        {
            throw Fail("usd_per_mtok_input_cache_hit", "is above the cache-miss price usd_per_mtok_input");
        }

        return offer;
    }
}
