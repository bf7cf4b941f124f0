using System.CommandLine;
using System.Globalization;

namespace TokenKernels.Cli.Commands;

/// <summary>
/// The configuration space and GPU prices of the market commands (<c>offers</c>, <c>fleet</c>, <c>compare</c>,
/// <c>task</c>): the axes of <c>sweep</c> (disaggregated pools included) with defaults wide enough for a large MoE (so a newcomer need not choose a
/// layout), and prices per hardware: <c>--gpu-hour-usd h20=1.1,h200=2.3</c> (or one price for all),
/// <c>--price-tier</c> and <c>--price-file</c>.
/// </summary>
public sealed class MarketOptions
{
    private const string AxisHelp = "; a list a,b,c, a range A..B or a geometric range A..B:xF";
    private readonly SweepOptions _engine = new();

    /// <summary>
    /// Creates the options; <paramref name="isl"/> and <paramref name="osl"/> are the default request lengths (a null
    /// <paramref name="isl"/>: the command derives it, see <see cref="Grid"/>).
    /// </summary>
    public MarketOptions(string? isl = "1000", string osl = "1000", string gpus = "1,2,4,8,16,32", string tp = "1,2,4,8", string ep = "1,8,16,32", string batch = "1..2048:x1.25")
    {
        Gpus = new("--gpus") { Description = OptionHelp.Gpus + AxisHelp, DefaultValueFactory = _ => gpus };
        Tp = new("--tp") { Description = OptionHelp.Tp + AxisHelp, DefaultValueFactory = _ => tp };
        Ep = new("--ep") { Description = OptionHelp.Ep + AxisHelp, DefaultValueFactory = _ => ep };
        Batch = new("--batch") { Description = OptionHelp.Batch + AxisHelp, DefaultValueFactory = _ => batch };
        Isl = isl is null
            ? new("--isl") { Description = OptionHelp.Isl + AxisHelp }
            : new("--isl") { Description = OptionHelp.Isl + AxisHelp, DefaultValueFactory = _ => isl };
        Osl = new("--osl") { Description = OptionHelp.Osl + AxisHelp, DefaultValueFactory = _ => osl };
    }

    /// <summary><c>--gpus</c>.</summary>
    public Option<string> Gpus { get; }

    /// <summary><c>--tp</c>.</summary>
    public Option<string> Tp { get; }

    /// <summary><c>--ep</c>.</summary>
    public Option<string> Ep { get; }

    /// <summary><c>--weights</c>.</summary>
    public Option<string?> Weights { get; } = new("--weights") { Description = OptionHelp.Weights + "; a list a,b,c" };

    /// <summary><c>--kv-cache</c>.</summary>
    public Option<string> KvCache { get; } = new("--kv-cache") { Description = OptionHelp.KvCache + "; a list a,b,c", DefaultValueFactory = _ => "bf16" };

    /// <summary><c>--batch</c>.</summary>
    public Option<string> Batch { get; }

    /// <summary><c>--isl</c>.</summary>
    public Option<string> Isl { get; }

    /// <summary><c>--osl</c>.</summary>
    public Option<string> Osl { get; }

    /// <summary><c>--mtp-acceptance</c>.</summary>
    public Option<string?> MtpAcceptance { get; } = new("--mtp-acceptance") { Description = OptionHelp.MtpAcceptance + "; a list a,b,c" };

    /// <summary><c>--prefix-hit</c>.</summary>
    public Option<double?> PrefixHit { get; } = new("--prefix-hit") { Description = OptionHelp.PrefixHit };

    /// <summary><c>--load</c>: offered load for TTFT at load (TTFT bounds then test the P90 at that load).</summary>
    public Option<double?> Load { get; } = CliOptions.Load();

    /// <summary><c>--gpu-hour-usd</c>: one price, or <c>id=price</c> pairs.</summary>
    public Option<string?> GpuHourUsd { get; } = new("--gpu-hour-usd") { Description = "GPU-hour prices in USD: one for every hardware (2.0), or per hardware (h20=1.1,h200=2.3); these win over --price-file and --price-tier" };

    /// <summary><c>--price-tier</c>.</summary>
    public Option<string?> PriceTier { get; } = new("--price-tier") { Description = "hyperscaler, neocloud or retail: the tier of data/prices.csv (built in, with sources); default: the catalog's price" };

    /// <summary><c>--price-file</c>.</summary>
    public Option<string?> PriceFile { get; } = new("--price-file") { Description = "GPU-hour prices from a CSV in data/prices.csv's format (the --price-tier column), or with one usd_per_gpu_hour column" };

    /// <summary><c>--engine</c>: one serving engine for every hardware.</summary>
    public Option<string?> Engine => _engine.Engine;

    /// <summary><c>--profile</c>.</summary>
    public Option<string?> Profile { get; } = CliOptions.Profile();

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json => _engine.Json;

    /// <summary><c>--csv</c>.</summary>
    public Option<string?> Csv { get; } = new("--csv") { Description = "Also write the rows to this CSV file (columns as the JSON fields)" };

    /// <summary><c>--plot</c>.</summary>
    public Option<string?> Plot { get; } = new("--plot") { Description = "Write the command's chart: .png, .svg or .html (TokenKernels.Charts)" };

    /// <summary>Adds the options to <paramref name="command"/>; <paramref name="prices"/> adds the price options, <paramref name="plot"/> <c>--plot</c>.</summary>
    public void AddTo(Command command, bool prices = true, bool plot = true)
    {
        ArgumentNullException.ThrowIfNull(command);
        Option[] all =
        [
            Engine, Gpus, _engine.Disaggregated, _engine.PrefillGpus, _engine.DecodeGpus, _engine.DecodeInstances, _engine.PrefillTp, _engine.PrefillEp,
            Tp, Ep, Weights, KvCache, Batch, Isl, Osl, MtpAcceptance, PrefixHit, Load, _engine.NoCudaGraphs, _engine.AdpBalance, Profile, _engine.Backend, Json, Csv, .. plot ? [Plot] : Array.Empty<Option>(),
        ];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }

        if (prices)
        {
            command.Options.Add(GpuHourUsd);
            command.Options.Add(PriceTier);
            command.Options.Add(PriceFile);
        }
    }

    /// <summary>The grid of configurations for <paramref name="models"/> on <paramref name="hardware"/>.</summary>
    /// <exception cref="ArgumentException">A value is malformed; ParamName is the option.</exception>
    public SweepGrid Grid(ParseResult parse, IReadOnlyList<ModelSpec> models, IReadOnlyList<HardwareSpec> hardware, double? prefixHitDefault = null, string? islDefault = null, double? mtpDefault = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(models);
        var weights = parse.GetValue(Weights) is { } w
            ? AxisValues.ParseWords(w, "--weights").Select(CliOptions.ParseWeights).Distinct().ToList()
            : models.Select(CliOptions.DefaultWeights).Distinct().Count() == 1 ? [CliOptions.DefaultWeights(models[0])] : [Precision.Fp8];
        double prefixHit = CliOptions.PrefixHit(parse.GetValue(PrefixHit) ?? prefixHitDefault ?? 0);

        var grid = new SweepGrid
        {
            Models = models,
            Hardware = hardware,
            Gpus = [],
            Tp = AxisValues.ParseIntegers(parse.GetValue(Tp) ?? "", "--tp", minimum: 0),
            Ep = AxisValues.ParseIntegers(parse.GetValue(Ep) ?? "", "--ep"),
            Weights = weights,
            KvCache = AxisValues.ParseWords(parse.GetValue(KvCache) ?? "bf16", "--kv-cache").Select(CliOptions.ParseKvCache).Distinct().ToList(),
            Batch = AxisValues.ParseIntegers(parse.GetValue(Batch) ?? "", "--batch"),
            InputTokens = AxisValues.ParseIntegers(parse.GetValue(Isl) ?? islDefault ?? "", "--isl"),
            OutputTokens = AxisValues.ParseIntegers(parse.GetValue(Osl) ?? "", "--osl"),
            MtpAcceptance = parse.GetValue(MtpAcceptance) is { } mtp ? AxisValues.ParseReals(mtp, "--mtp-acceptance", 1) : [mtpDefault ?? 1],
            PrefixCacheHit = prefixHit,
            Load = CliOptions.ReadLoad(parse.GetValue(Load)),
            CudaGraphs = !parse.GetValue(_engine.NoCudaGraphs),
            AttentionDpBalance = parse.GetValue(_engine.AdpBalance),
            Profile = CliOptions.LoadProfile(parse.GetValue(Profile)),
        };

        // Colocated (--gpus) and disaggregated pools (--disaggregated with --prefill-gpus/--decode-gpus), as in the sweeps.
        return _engine.ServingModes(parse, grid, parse.GetValue(Gpus) ?? "");
    }

    /// <summary>GPU-hour prices from <c>--gpu-hour-usd</c>, <c>--price-file</c> and <c>--price-tier</c>.</summary>
    /// <exception cref="ArgumentException">A malformed price, tier or file; ParamName is the option.</exception>
    public GpuHourPrices Prices(ParseResult parse, IReadOnlyList<HardwareSpec> hardware)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(hardware);
        string? tierText = parse.GetValue(PriceTier);
        TokenKernels.PriceTier? tier = tierText?.Trim().ToLowerInvariant() switch
        {
            null => null,
            "hyperscaler" => TokenKernels.PriceTier.Hyperscaler,
            "neocloud" => TokenKernels.PriceTier.Neocloud,
            "retail" => TokenKernels.PriceTier.Retail,
            _ => throw new ArgumentException($"Unknown price tier '{tierText}'; expected hyperscaler, neocloud or retail.", "--price-tier"),
        };
        var prices = parse.GetValue(PriceFile) is { } file
            ? Rename(() => GpuHourPrices.Load(file, tier ?? TokenKernels.PriceTier.Hyperscaler), "--price-file")
            : tier is { } t ? GpuHourPrices.ForTier(t) : GpuHourPrices.Catalog;
        if (parse.GetValue(GpuHourUsd) is not { } text)
        {
            return prices;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double all))
        {
            return hardware.Aggregate(prices, (p, h) => p.With(h.Id, new Usd(Positive(all, text))));
        }

        foreach (string pair in AxisValues.ParseWords(text, "--gpu-hour-usd"))
        {
            string[] parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double usd))
            {
                throw new ArgumentException($"'{pair}' is not a price or hardware=price (e.g. h20=1.1).", "--gpu-hour-usd");
            }

            if (!hardware.Any(h => string.Equals(h.Id, parts[0], StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"'{parts[0]}' is not among the hardware of this run ({string.Join(", ", hardware.Select(h => h.Id))}).", "--gpu-hour-usd");
            }

            prices = prices.With(parts[0], new Usd(Positive(usd, pair)));
        }

        return prices;
    }

    /// <summary>The engine <c>--backend</c> asks for.</summary>
    public SweepEngine OpenEngine(ParseResult parse) => _engine.OpenEngine(parse);

    /// <summary>The serving engine <c>--engine</c> names (<see cref="ServingEngine.Default"/> when absent).</summary>
    /// <exception cref="ArgumentException">Not an engine; ParamName is <c>--engine</c>.</exception>
    public ServingEngine ReadEngine(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return CliOptions.ParseEngine(parse.GetValue(Engine));
    }

    /// <summary>Hardware ids (or spec files), comma-separated, each run with <paramref name="engine"/>.</summary>
    public static IReadOnlyList<HardwareSpec> ParseHardware(string text, ServingEngine engine) =>
        AxisValues.ParseWords(text, "--hardware").Select(h => CliOptions.ResolveHardware(h, engine)).DistinctBy(h => h.Id).ToList();

    /// <summary>Positive reals, comma-separated, for <paramref name="option"/>.</summary>
    public static IReadOnlyList<double> ParseTargets(string text, string option) => AxisValues.ParseReals(text, option, 0);

    private static double Positive(double usd, string text) =>
        usd > 0 && double.IsFinite(usd) ? usd : throw new ArgumentException($"'{text}': a GPU-hour price must be positive.", "--gpu-hour-usd");

    private static T Rename<T>(Func<T> action, string option)
    {
        try
        {
            return action();
        }
        catch (ArgumentException e) when (e.ParamName != option)
        {
            throw new ArgumentException(CliRunner.MessageOf(e), option, e);
        }
    }
}
