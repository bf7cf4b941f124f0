using System.CommandLine;

namespace TokenKernels.Cli;

/// <summary>
/// The options of <c>sweep</c>, <c>frontier</c> and <c>cheapest</c>: the same names as <c>evaluate</c>, where any of
/// <c>--model --hardware --gpus --tp --ep --dp --pp --weights --kv-cache --batch --isl --osl --mtp-acceptance
/// --disaggregated --prefill-gpus --decode-gpus --decode-instances --prefill-tp --prefill-ep</c> may list several values
/// (<c>a,b,c</c>), an integer range (<c>A..B</c>) or a geometric range (<c>A..B:xF</c>). <c>--gpus</c> sizes colocated
/// points; a disaggregated point's GPUs are its prefill plus decode pools. <c>--lengths</c> (with <c>--context</c> as its
/// cap) replaces <c>--isl</c>/<c>--osl</c>; <c>--load</c> or <c>--rate</c> adds TTFT at load. <c>--engine</c> is one
/// engine for every hardware (not an axis: the grid's results and prices are keyed by hardware id).
/// </summary>
public sealed class SweepOptions
{
    private const string AxisHelp = OptionHelp.Axis;

    /// <summary><c>--model</c>: ids or files, comma-separated.</summary>
    public Option<string> Model { get; } = new("--model") { Description = CliOptions.Model().Description + "; a list a,b,c", Required = true };

    /// <summary><c>--hardware</c>: ids or files, comma-separated.</summary>
    public Option<string> Hardware { get; } = new("--hardware") { Description = CliOptions.Hardware().Description + "; a list a,b,c", Required = true };

    /// <summary><c>--engine</c>: one engine for every hardware of the grid.</summary>
    public Option<string?> Engine { get; } = CliOptions.Engine();

    /// <summary><c>--gpus</c>.</summary>
    public Option<string?> Gpus { get; } = new("--gpus") { Description = OptionHelp.Gpus + AxisHelp };

    /// <summary><c>--disaggregated</c>: serving modes; alone it means true.</summary>
    public Option<string?> Disaggregated { get; } = new("--disaggregated")
    {
        Description = OptionHelp.Disaggregated,
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = r => r.Tokens.Count == 0 ? "true" : r.Tokens[0].Value,
    };

    /// <summary><c>--prefill-gpus</c>.</summary>
    public Option<string?> PrefillGpus { get; } = new("--prefill-gpus") { Description = OptionHelp.PrefillGpus + AxisHelp };

    /// <summary><c>--decode-gpus</c>.</summary>
    public Option<string?> DecodeGpus { get; } = new("--decode-gpus") { Description = OptionHelp.DecodeGpus + AxisHelp };

    /// <summary><c>--decode-instances</c>.</summary>
    public Option<string?> DecodeInstances { get; } = new("--decode-instances")
    {
        Description = OptionHelp.DecodeInstances + AxisHelp,
    };

    /// <summary><c>--prefill-tp</c>.</summary>
    public Option<string?> PrefillTp { get; } = new("--prefill-tp") { Description = OptionHelp.PrefillTp + AxisHelp };

    /// <summary><c>--prefill-ep</c>.</summary>
    public Option<string?> PrefillEp { get; } = new("--prefill-ep") { Description = OptionHelp.PrefillEp + AxisHelp };

    /// <summary><c>--tp</c>.</summary>
    public Option<string> Tp { get; } = new("--tp") { Description = OptionHelp.Tp + AxisHelp, DefaultValueFactory = _ => "0" };

    /// <summary><c>--ep</c>.</summary>
    public Option<string> Ep { get; } = new("--ep") { Description = OptionHelp.Ep + AxisHelp, DefaultValueFactory = _ => "1" };

    /// <summary><c>--dp</c>: unlike <c>evaluate</c>, defaults to the rest of the GPUs so a <c>--tp</c> axis alone fills each instance.</summary>
    public Option<string> Dp { get; } = new("--dp") { Description = OptionHelp.Dp + AxisHelp, DefaultValueFactory = _ => "0" };

    /// <summary><c>--pp</c>.</summary>
    public Option<string> Pp { get; } = new("--pp") { Description = OptionHelp.Pp + AxisHelp, DefaultValueFactory = _ => "1" };

    /// <summary><c>--weights</c>.</summary>
    public Option<string?> Weights { get; } = new("--weights") { Description = OptionHelp.Weights + "; a list a,b,c" };

    /// <summary><c>--kv-cache</c>.</summary>
    public Option<string> KvCache { get; } = new("--kv-cache") { Description = OptionHelp.KvCache + "; a list a,b,c", DefaultValueFactory = _ => "bf16" };

    /// <summary><c>--batch</c>.</summary>
    public Option<string> Batch { get; } = new("--batch") { Description = OptionHelp.Batch + AxisHelp, Required = true };

    /// <summary><c>--isl</c> (or <c>--lengths</c>).</summary>
    public Option<string?> Isl { get; } = new("--isl") { Description = OptionHelp.Isl + AxisHelp };

    /// <summary><c>--osl</c> (or <c>--lengths</c>).</summary>
    public Option<string?> Osl { get; } = new("--osl") { Description = OptionHelp.Osl + AxisHelp };

    /// <summary><c>--lengths</c>: a length mix instead of the isl and osl axes.</summary>
    public Option<string?> Lengths { get; } = new("--lengths")
    {
        Description = OptionHelp.Lengths,
    };

    /// <summary><c>--context</c>: with <c>--lengths</c>, the cap on input + output.</summary>
    public Option<int?> Context { get; } = new("--context")
    {
        Description = "With --lengths: context window cap on input + output, not a reservation (log-normal draws clipped, the share reported; a request this long must fit alone; "
            + "each sequence is reserved KV for min(longest, 2 x mean context in decode)). cheapest without --lengths: tokens each sequence of the batch must be able to hold (max context >= N)",
    };

    /// <summary><c>--rate</c>: offered requests/s for TTFT at load, instead of <c>--load</c>.</summary>
    public Option<double?> Rate { get; } = new("--rate")
    {
        Description = "Offered requests per second (Poisson), instead of --load: adds P50/P90 TTFT at rate / each configuration's capacity (saturated above it); --max-ttft-s then tests the P90",
    };

    /// <summary><c>--mtp-acceptance</c>.</summary>
    public Option<string> MtpAcceptance { get; } = new("--mtp-acceptance") { Description = OptionHelp.MtpAcceptance + "; a list a,b,c", DefaultValueFactory = _ => "1" };

    /// <summary><c>--mtp-draft</c>.</summary>
    public Option<int?> MtpDraft { get; } = new("--mtp-draft") { Description = OptionHelp.MtpDraft };

    /// <summary><c>--prefix-hit</c>.</summary>
    public Option<double> PrefixHit { get; } = new("--prefix-hit") { Description = OptionHelp.PrefixHit, DefaultValueFactory = _ => 0 };

    /// <summary><c>--load</c>.</summary>
    public Option<double?> Load { get; } = CliOptions.Load();

    /// <summary><c>--prefill-chunk</c>.</summary>
    public Option<int?> PrefillChunk { get; } = new("--prefill-chunk") { Description = OptionHelp.PrefillChunk };

    /// <summary><c>--no-cuda-graphs</c>: one setting for the whole grid.</summary>
    public Option<bool> NoCudaGraphs { get; } = CliOptions.NoCudaGraphs();

    /// <summary><c>--adp-balance</c>: one setting for the whole grid.</summary>
    public Option<bool> AdpBalance { get; } = CliOptions.AdpBalance();

    /// <summary><c>--gpu-hour-usd</c>.</summary>
    public Option<double?> GpuHourUsd { get; } = CliOptions.GpuHourUsd();

    /// <summary><c>--profile</c>.</summary>
    public Option<string?> Profile { get; } = CliOptions.Profile();

    /// <summary><c>--backend</c>.</summary>
    public Option<string> Backend { get; } = new("--backend") { Description = OptionHelp.Backend, DefaultValueFactory = _ => "auto" };

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; } = CliOptions.Json();

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Option[] all =
        [
            Model, Hardware, Engine, Gpus, Tp, Ep, Dp, Pp, Weights, KvCache, Batch, Isl, Osl, Lengths, Context, MtpAcceptance, MtpDraft, PrefixHit,
            Disaggregated, PrefillGpus, DecodeGpus, DecodeInstances, PrefillTp, PrefillEp, Load, Rate, PrefillChunk, NoCudaGraphs, AdpBalance,
            GpuHourUsd, Profile, Backend, Json,
        ];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The grid the options describe.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="keepApart">Axes kept apart (<c>--by</c>).</param>
    /// <param name="contextWithoutLengths">Whether <c>--context</c> may come without <c>--lengths</c> (cheapest's service level).</param>
    /// <exception cref="ArgumentException">A value is malformed or out of range; ParamName is the option.</exception>
    public SweepGrid Read(ParseResult parse, IReadOnlyList<SweepAxis>? keepApart = null, bool contextWithoutLengths = false)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var (isl, osl, lengths) = ReadLengths(parse, contextWithoutLengths);
        double load = CliOptions.ReadLoad(parse.GetValue(Load));
        double rate = parse.GetValue(Rate) switch
        {
            null => 0,
            > 0 and < double.PositiveInfinity and var r => load > 0
                ? throw new ArgumentException("and --load are alternatives (a rate, or a share of each configuration's capacity); pass one.", "--rate")
                : r,
            var r => throw new ArgumentException($"must be a positive number of requests per second (was {r!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}).", "--rate"),
        };
        var models = AxisValues.ParseWords(parse.GetRequiredValue(Model), "--model").Select(CliOptions.ResolveModel).ToList();
        var engine = CliOptions.ParseEngine(parse.GetValue(Engine));
        var hardware = AxisValues.ParseWords(parse.GetRequiredValue(Hardware), "--hardware").Select(h => CliOptions.ResolveHardware(h, engine)).ToList();
        var weights = parse.GetValue(Weights) is { } w
            ? AxisValues.ParseWords(w, "--weights").Select(CliOptions.ParseWeights).Distinct().ToList()
            : models.Select(CliOptions.DefaultWeights).Distinct().Take(1).ToList();
        if (parse.GetValue(Weights) is null && models.Select(CliOptions.DefaultWeights).Distinct().Count() > 1)
        {
            // Models with different native precisions in one grid: FP8 is the common serving choice.
            weights = [Precision.Fp8];
        }

        int? draft = parse.GetValue(MtpDraft);
        if (draft < 0)
        {
            throw new ArgumentException($"must be at least 0 (was {draft}).", "--mtp-draft");
        }

        double prefixHit = CliOptions.PrefixHit(parse.GetValue(PrefixHit));

        var grid = new SweepGrid
        {
            Models = models,
            Hardware = hardware,
            Gpus = [],
            Tp = AxisValues.ParseIntegers(parse.GetValue(Tp) ?? "0", "--tp", minimum: 0),
            Ep = AxisValues.ParseIntegers(parse.GetValue(Ep) ?? "1", "--ep"),
            Dp = AxisValues.ParseIntegers(parse.GetValue(Dp) ?? "0", "--dp", minimum: 0),
            Pp = AxisValues.ParseIntegers(parse.GetValue(Pp) ?? "1", "--pp"),
            Weights = weights,
            KvCache = AxisValues.ParseWords(parse.GetValue(KvCache) ?? "bf16", "--kv-cache").Select(CliOptions.ParseKvCache).Distinct().ToList(),
            Batch = AxisValues.ParseIntegers(parse.GetRequiredValue(Batch), "--batch"),
            InputTokens = isl,
            OutputTokens = osl,
            Lengths = lengths,
            Rate = rate,
            MtpAcceptance = AxisValues.ParseReals(parse.GetValue(MtpAcceptance) ?? "1", "--mtp-acceptance", 1),
            MtpDraftTokens = draft,
            PrefixCacheHit = prefixHit,
            Load = load,
            PrefillChunkTokens = parse.GetValue(PrefillChunk) ?? 8192,
            CudaGraphs = !parse.GetValue(NoCudaGraphs),
            AttentionDpBalance = parse.GetValue(AdpBalance),
            Prices = CliOptions.PriceFrom(parse.GetValue(GpuHourUsd)),
            Profile = CliOptions.LoadProfile(parse.GetValue(Profile)),
            KeepApart = keepApart ?? [],
        };
        return ServingModes(parse, grid, parse.GetValue(Gpus));
    }

    /// <summary>
    /// The serving modes and pool sizes (<c>--disaggregated</c>, <c>--prefill-gpus</c>, <c>--decode-gpus</c>,
    /// <c>--decode-instances</c>, <c>--prefill-tp</c>, <c>--prefill-ep</c>) and the colocated <paramref name="gpus"/> axis,
    /// set on <paramref name="grid"/>: shared by the sweeps and the market commands.
    /// </summary>
    /// <exception cref="ArgumentException">A mode is malformed or lacks its pool sizes; ParamName is the option.</exception>
    public SweepGrid ServingModes(ParseResult parse, SweepGrid grid, string? gpus)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(grid);
        var modes = AxisValues.ParseWords(parse.GetValue(Disaggregated) ?? "false", "--disaggregated").Select(v => v.ToLowerInvariant() switch
        {
            "false" => false,
            "true" => true,
            _ => throw new ArgumentException($"'{v}' is not a serving mode; expected false, true or false,true.", "--disaggregated"),
        }).Distinct().ToList();
        string? prefill = parse.GetValue(PrefillGpus), decode = parse.GetValue(DecodeGpus);
        string? instances = parse.GetValue(DecodeInstances);
        string? prefillTp = parse.GetValue(PrefillTp), prefillEp = parse.GetValue(PrefillEp);
        if (modes.Contains(false) && gpus is null)
        {
            throw new ArgumentException("is required for colocated points (or pass --disaggregated true with --prefill-gpus and --decode-gpus).", "--gpus");
        }

        if (modes.Contains(true) && (prefill is null || decode is null))
        {
            throw new ArgumentException("true needs --prefill-gpus and --decode-gpus.", "--disaggregated");
        }

        if (!modes.Contains(true) && (prefill ?? decode ?? instances ?? prefillTp ?? prefillEp) is not null)
        {
            throw new ArgumentException("--prefill-gpus, --decode-gpus, --decode-instances, --prefill-tp and --prefill-ep need --disaggregated true (or false,true).", "--disaggregated");
        }

        return grid with
        {
            Gpus = modes.Contains(false) ? AxisValues.ParseIntegers(gpus!, "--gpus") : [],
            Disaggregated = modes,
            PrefillGpus = prefill is null ? [] : AxisValues.ParseIntegers(prefill, "--prefill-gpus"),
            DecodeGpus = decode is null ? [] : AxisValues.ParseIntegers(decode, "--decode-gpus"),
            DecodeInstances = instances is null ? [1] : AxisValues.ParseIntegers(instances, "--decode-instances"),
            PrefillTp = prefillTp is null ? [0] : AxisValues.ParseIntegers(prefillTp, "--prefill-tp", minimum: 0),
            PrefillEp = prefillEp is null ? [0] : AxisValues.ParseIntegers(prefillEp, "--prefill-ep", minimum: 0),
        };
    }

    /// <summary>The isl and osl axes, or a length mix (<c>--lengths</c>, capped by <c>--context</c>) with both axes empty.</summary>
    private (IReadOnlyList<int> Isl, IReadOnlyList<int> Osl, LengthDistribution? Lengths) ReadLengths(ParseResult parse, bool contextWithoutLengths)
    {
        string? isl = parse.GetValue(Isl), osl = parse.GetValue(Osl), lengths = parse.GetValue(Lengths);
        int? context = parse.GetValue(Context);
        if (lengths is null)
        {
            if (context is not null && !contextWithoutLengths)
            {
                throw new ArgumentException("is a cap on a length mix here; pass --lengths with it.", "--context");
            }

            return (
                AxisValues.ParseIntegers(isl ?? throw new ArgumentException("is required (or --lengths).", "--isl"), "--isl"),
                AxisValues.ParseIntegers(osl ?? throw new ArgumentException("is required (or --lengths).", "--osl"), "--osl"),
                null);
        }

        if (isl is not null || osl is not null)
        {
            throw new ArgumentException("replaces --isl and --osl; pass one or the other.", "--lengths");
        }

        var mix = Commands.SimulateCommand.ReadLengths(lengths, 0, 0, context);
        if (mix.Kind == LengthDistributionKind.LogNormal && mix.ContextCap == 0)
        {
            throw new ArgumentException("lognormal:... needs --context, the cap that clips its tail (and that requests up to it must be servable).", "--lengths");
        }

        return ([], [], mix);
    }

    /// <summary>The engine <c>--backend</c> asks for.</summary>
    /// <exception cref="ArgumentException">Unknown name, or a forced GPU backend without a device.</exception>
    public SweepEngine OpenEngine(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        string name = parse.GetValue(Backend) ?? "auto";
        var backend = name.Trim().ToUpperInvariant() switch
        {
            "AUTO" => SweepBackend.Auto,
            "CUDA" => SweepBackend.Cuda,
            "OPENCL" => SweepBackend.OpenCl,
            "CPU" => SweepBackend.Cpu,
            "SCALAR" => SweepBackend.Scalar,
            "ILGPU-CPU" => SweepBackend.IlgpuCpu,
            _ => throw new ArgumentException($"Unknown backend '{name}'; expected auto, cuda, opencl, cpu, scalar or ilgpu-cpu.", "--backend"),
        };
        try
        {
            return new SweepEngine(backend);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(CliRunner.MessageOf(e), "--backend", e);
        }
    }

    /// <summary>Parses <c>--by</c>: axis names as the options spell them (<c>tp,batch</c>).</summary>
    /// <exception cref="ArgumentException">An unknown axis.</exception>
    public static IReadOnlyList<SweepAxis> ParseAxes(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        return AxisValues.ParseWords(text, "--by").Select(a => a.ToLowerInvariant() switch
        {
            "model" => SweepAxis.Model,
            "hardware" => SweepAxis.Hardware,
            "gpus" => SweepAxis.Gpus,
            "tp" => SweepAxis.Tp,
            "ep" => SweepAxis.Ep,
            "dp" => SweepAxis.Dp,
            "pp" => SweepAxis.Pp,
            "weights" => SweepAxis.Weights,
            "kv-cache" => SweepAxis.KvCache,
            "batch" => SweepAxis.Batch,
            "isl" => SweepAxis.InputTokens,
            "osl" => SweepAxis.OutputTokens,
            "mtp-acceptance" => SweepAxis.MtpAcceptance,
            "disaggregated" => SweepAxis.Disaggregated,
            _ => throw new ArgumentException($"Unknown axis '{a}'; expected disaggregated, gpus, tp, ep, dp, pp, weights, kv-cache, batch, isl, osl or mtp-acceptance.", "--by"),
        }).ToList();
    }
}
