using System.Globalization;
using TokenKernels.Calibration;

namespace TokenKernels;

/// <summary>
/// GPU-hour prices per hardware, for runs that compare accelerators (each priced on its own): the catalog's price, a
/// tier of data/prices.csv (built in, with sources), a price file in that format, and per-hardware overrides, in rising
/// precedence. Immutable: <see cref="With"/> returns a copy.
/// </summary>
public sealed class GpuHourPrices
{
    private const string InferenceXSource = "SemiAnalysisAI/InferenceX-app packages/app/src/lib GPU_SPECS (costh/costn/costr): SemiAnalysis AI Cloud TCO model tiers";

    private readonly Dictionary<string, Usd> _prices;
    private readonly bool _catalogFallback;

    private GpuHourPrices(Dictionary<string, Usd> prices, bool catalogFallback, string description)
    {
        _prices = prices;
        _catalogFallback = catalogFallback;
        Description = description;
    }

    /// <summary>
    /// The built-in quotes: data/prices.csv, hyperscaler / neocloud / retail $ per GPU-hour from SemiAnalysis' TCO model
    /// (as InferenceX uses them), and DeepSeek's own $2 per H800-hour (one figure, filed as hyperscaler). H20 has no
    /// published figure.
    /// </summary>
    public static IReadOnlyList<GpuPriceQuote> BuiltInQuotes { get; } = BuildQuotes();

    /// <summary>Each hardware's catalog price (<see cref="HardwareSpec.GpuHourPrice"/>).</summary>
    public static GpuHourPrices Catalog { get; } = new(new Dictionary<string, Usd>(StringComparer.OrdinalIgnoreCase), catalogFallback: true, "catalog prices");

    /// <summary>What the prices are, for reports ("neocloud tier", "prices.csv (retail)", "catalog prices").</summary>
    public string Description { get; }

    /// <summary>The built-in prices of one tier; hardware without a quote in that tier has no price.</summary>
    public static GpuHourPrices ForTier(PriceTier tier) => new(
        BuiltInQuotes.Where(q => q.Tier == tier).ToDictionary(q => q.Hardware, q => q.Price, StringComparer.OrdinalIgnoreCase),
        catalogFallback: false,
        tier.ToString().ToLowerInvariant() + " tier");

    /// <summary>
    /// Prices from a CSV file in data/prices.csv's format (<c>hardware</c> and a <c>usd_per_gpu_hour_&lt;tier&gt;</c> column),
    /// or a file with a single <c>usd_per_gpu_hour</c> column; empty cells mean no price.
    /// </summary>
    /// <exception cref="ArgumentException">The file is missing, lacks the columns, or has a bad number (line and column named).</exception>
    public static GpuHourPrices Load(string path, PriceTier tier = PriceTier.Hyperscaler)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"Price file '{path}' does not exist.", nameof(path));
        }

        string file = Path.GetFileName(path);
        var records = MeasurementCsv.ReadRecords(File.ReadAllText(path), file);
        if (records.Count == 0)
        {
            throw new ArgumentException($"{file}: is empty (expected a header with hardware and usd_per_gpu_hour).", nameof(path));
        }

        var header = records[0].Cells.Select(c => c.Trim()).ToList();
        int hw = header.IndexOf("hardware");
        string priceColumn = header.Contains("usd_per_gpu_hour") ? "usd_per_gpu_hour" : "usd_per_gpu_hour_" + tier.ToString().ToLowerInvariant();
        int price = header.IndexOf(priceColumn);
        if (hw < 0 || price < 0)
        {
            throw new ArgumentException($"{file} line 1: the header needs the columns hardware and {priceColumn}.", nameof(path));
        }

        var prices = new Dictionary<string, Usd>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, cells) in records.Skip(1).Where(r => !r.Cells.All(string.IsNullOrWhiteSpace)))
        {
            if (cells.Count != header.Count)
            {
                throw new ArgumentException($"{file} line {line}: has {cells.Count} fields but the header has {header.Count}.", nameof(path));
            }

            string text = cells[price].Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double usd) || !(usd > 0) || !double.IsFinite(usd))
            {
                throw new ArgumentException($"{file} line {line}, column '{priceColumn}': '{text}' is not a positive price.", nameof(path));
            }

            prices[cells[hw].Trim()] = new Usd(usd);
        }

        return new(prices, catalogFallback: false, $"{file} ({priceColumn})");
    }

    /// <summary>A copy where <paramref name="hardwareId"/> costs <paramref name="price"/> per GPU-hour.</summary>
    /// <exception cref="ArgumentException">The price is not positive.</exception>
    public GpuHourPrices With(string hardwareId, Usd price)
    {
        ArgumentNullException.ThrowIfNull(hardwareId);
        if (!(price.Dollars > 0 && double.IsFinite(price.Dollars)))
        {
            throw new ArgumentException($"A GPU-hour price must be positive (was {price.Dollars} for {hardwareId}).", nameof(price));
        }

        return new(new Dictionary<string, Usd>(_prices, StringComparer.OrdinalIgnoreCase) { [hardwareId] = price }, _catalogFallback, Description);
    }

    /// <summary>The price of one GPU-hour of <paramref name="hardware"/>, or null when none is known.</summary>
    public Usd? For(HardwareSpec hardware)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        return _prices.TryGetValue(hardware.Id, out var p) ? p : _catalogFallback ? hardware.GpuHourPrice : null;
    }

    /// <summary>The ids of the hardware in <paramref name="hardware"/> without a price (empty when all are priced).</summary>
    public IReadOnlyList<string> Missing(IEnumerable<HardwareSpec> hardware)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        return hardware.Where(h => For(h) is null).Select(h => h.Id).Distinct().ToList();
    }

    /// <summary>Checks that every hardware has a price.</summary>
    /// <exception cref="ArgumentException">Some have none; the message names them all (ParamName "prices").</exception>
    public void Require(IEnumerable<HardwareSpec> hardware)
    {
        if (Missing(hardware) is { Count: > 0 } missing)
        {
            throw new ArgumentException(
                $"No GPU-hour price ({Description}) for: {string.Join(", ", missing)}; give one per hardware (e.g. {missing[0]}=1.5).", "prices");
        }
    }

    private static List<GpuPriceQuote> BuildQuotes()
    {
        var quotes = new List<GpuPriceQuote>();
        void Add(string id, double hyperscaler, double neocloud, double retail, string source)
        {
            quotes.Add(new(id, PriceTier.Hyperscaler, new Usd(hyperscaler), source));
            quotes.Add(new(id, PriceTier.Neocloud, new Usd(neocloud), source));
            quotes.Add(new(id, PriceTier.Retail, new Usd(retail), source));
        }

        Add("h100-sxm", 1.3, 1.69, 1.3, InferenceXSource);
        Add("h200", 1.41, 1.74, 1.6, InferenceXSource);
        Add("b200", 1.95, 2.34, 2.9, InferenceXSource);
        Add("b300", 2.34, 2.808, 3.48, InferenceXSource + "; the source marks it temporary: 1.2x B200");
        Add("gb200", 2.21, 2.75, 3.3, InferenceXSource);
        Add("gb300", 2.652, 3.3, 3.96, InferenceXSource + "; the source marks it temporary: 1.2x GB200");
        Add("mi300x", 1.12, 1.4, 1.55, InferenceXSource);
        Add("mi325x", 1.28, 1.59, 1.8, InferenceXSource);
        Add("mi355x", 1.48, 1.9, 2.1, InferenceXSource);
        quotes.Add(new("h800", PriceTier.Hyperscaler, new Usd(2), "deepseek-ai/open-infra-index 202502OpenSourceWeek day_6: DeepSeek's own assumption of $2 per H800-hour (one figure, filed as hyperscaler as in data/prices.csv)"));
        return quotes;
    }
}
