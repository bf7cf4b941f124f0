using System.CommandLine;

namespace TokenKernels.Cli;

/// <summary>
/// The options that pick one configuration (model, hardware, layout, precisions, batch, lengths, MTP, serving mode, price,
/// profile), shared by commands that evaluate single points. <see cref="AddTo"/> registers them; <see cref="Read"/> turns
/// a parse result into library specs, applying the CLI's defaults.
/// </summary>
public sealed class ConfigurationOptions
{
    /// <summary><c>--model</c>.</summary>
    public Option<string> Model { get; } = CliOptions.Model();

    /// <summary><c>--hardware</c>.</summary>
    public Option<string> Hardware { get; } = CliOptions.Hardware();

    /// <summary><c>--engine</c>.</summary>
    public Option<string?> Engine { get; } = CliOptions.Engine();

    /// <summary><c>--gpus</c> (optional when disaggregated: prefill + decode).</summary>
    public Option<int?> Gpus { get; } = new("--gpus") { Description = OptionHelp.Gpus };

    /// <summary><c>--tp</c>.</summary>
    public Option<int> Tp { get; } = new("--tp") { Description = OptionHelp.Tp, DefaultValueFactory = _ => 0 };

    /// <summary><c>--ep</c>.</summary>
    public Option<int> Ep { get; } = new("--ep") { Description = OptionHelp.Ep, DefaultValueFactory = _ => 1 };

    /// <summary><c>--dp</c>.</summary>
    public Option<int> Dp { get; } = new("--dp") { Description = OptionHelp.Dp, DefaultValueFactory = _ => 0 };

    /// <summary><c>--pp</c>.</summary>
    public Option<int> Pp { get; } = new("--pp") { Description = OptionHelp.Pp, DefaultValueFactory = _ => 1 };

    /// <summary><c>--weights</c>.</summary>
    public Option<string?> Weights { get; } = CliOptions.Weights();

    /// <summary><c>--kv-cache</c>.</summary>
    public Option<string> KvCache { get; } = CliOptions.KvCache();

    /// <summary><c>--batch</c>.</summary>
    public Option<int> Batch { get; } = new("--batch") { Description = OptionHelp.Batch, Required = true };

    /// <summary><c>--isl</c>.</summary>
    public Option<int> Isl { get; } = new("--isl") { Description = OptionHelp.Isl, Required = true };

    /// <summary><c>--osl</c>.</summary>
    public Option<int> Osl { get; } = new("--osl") { Description = OptionHelp.Osl, Required = true };

    /// <summary><c>--mtp-acceptance</c>.</summary>
    public Option<double?> MtpAcceptance { get; } = new("--mtp-acceptance")
    {
        Description = OptionHelp.MtpAcceptance,
    };

    /// <summary><c>--mtp-draft</c>.</summary>
    public Option<int?> MtpDraft { get; } = new("--mtp-draft")
    {
        Description = OptionHelp.MtpDraft,
    };

    /// <summary><c>--prefix-hit</c>.</summary>
    public Option<double> PrefixHit { get; } = new("--prefix-hit") { Description = OptionHelp.PrefixHit, DefaultValueFactory = _ => 0 };

    /// <summary><c>--disaggregated</c>.</summary>
    public Option<bool> Disaggregated { get; } = new("--disaggregated") { Description = OptionHelp.Disaggregated };

    /// <summary><c>--prefill-gpus</c>.</summary>
    public Option<int?> PrefillGpus { get; } = new("--prefill-gpus") { Description = OptionHelp.PrefillGpus };

    /// <summary><c>--decode-gpus</c>.</summary>
    public Option<int?> DecodeGpus { get; } = new("--decode-gpus") { Description = OptionHelp.DecodeGpus };

    /// <summary><c>--prefill-tp</c>.</summary>
    public Option<int?> PrefillTp { get; } = new("--prefill-tp") { Description = OptionHelp.PrefillTp };

    /// <summary><c>--prefill-ep</c>.</summary>
    public Option<int?> PrefillEp { get; } = new("--prefill-ep") { Description = OptionHelp.PrefillEp };

    /// <summary><c>--decode-instances</c>.</summary>
    public Option<int?> DecodeInstances { get; } = new("--decode-instances")
    {
        Description = OptionHelp.DecodeInstances,
    };

    /// <summary><c>--load</c>.</summary>
    public Option<double?> Load { get; } = CliOptions.Load();

    /// <summary><c>--prefill-chunk</c>.</summary>
    public Option<int?> PrefillChunk { get; } = new("--prefill-chunk") { Description = OptionHelp.PrefillChunk };

    /// <summary><c>--no-cuda-graphs</c>.</summary>
    public Option<bool> NoCudaGraphs { get; } = CliOptions.NoCudaGraphs();

    /// <summary><c>--adp-balance</c>.</summary>
    public Option<bool> AdpBalance { get; } = CliOptions.AdpBalance();

    /// <summary><c>--gpu-hour-usd</c>.</summary>
    public Option<double?> GpuHourUsd { get; } = CliOptions.GpuHourUsd();

    /// <summary><c>--profile</c>.</summary>
    public Option<string?> Profile { get; } = CliOptions.Profile();

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Option[] all =
        [
            Model, Hardware, Engine, Gpus, Tp, Ep, Dp, Pp, Weights, KvCache, Batch, Isl, Osl, MtpAcceptance, MtpDraft, PrefixHit,
            Disaggregated, PrefillGpus, DecodeGpus, DecodeInstances, PrefillTp, PrefillEp, Load, PrefillChunk, NoCudaGraphs, AdpBalance,
            GpuHourUsd, Profile,
        ];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The configuration the options describe. tp and dp of 0 mean the rest of the instance, as in sweeps: dp = instance
    /// GPUs / (tp x pp), or tp = instance GPUs / pp with dp 1 when both are 0. With <paramref name="layoutSearch"/>, the
    /// layout and pool options must be absent (a search picks them) and <c>--gpus</c> is required.
    /// </summary>
    /// <exception cref="ArgumentException">An option is missing, unknown or out of range; ParamName is the option.</exception>
    public EvaluationInput Read(ParseResult parse, bool layoutSearch = false)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var engine = CliOptions.ParseEngine(parse.GetValue(Engine));
        var model = CliOptions.ResolveModel(parse.GetRequiredValue(Model));
        var hardware = CliOptions.ResolveHardware(parse.GetRequiredValue(Hardware), engine);
        bool disaggregated = parse.GetValue(Disaggregated);
        int? prefillGpus = parse.GetValue(PrefillGpus), decodeGpus = parse.GetValue(DecodeGpus);
        int? decodeInstances = parse.GetValue(DecodeInstances);
        if (layoutSearch)
        {
            foreach (var option in new Option[] { Tp, Ep, Dp, Pp, PrefillGpus, DecodeGpus, DecodeInstances, PrefillTp, PrefillEp })
            {
                if (parse.GetResult(option) is { Implicit: false })
                {
                    throw new ArgumentException("is picked by --layout best; leave it out (or drop --layout best).", option.Name);
                }
            }

            if (parse.GetValue(Gpus) is null)
            {
                throw new ArgumentException("is required with --layout best.", "--gpus");
            }
        }
        else if (!disaggregated && (prefillGpus is not null || decodeGpus is not null || decodeInstances is not null))
        {
            throw new ArgumentException("--prefill-gpus, --decode-gpus and --decode-instances need --disaggregated.", "--disaggregated");
        }

        if (!layoutSearch && disaggregated && (prefillGpus is null || decodeGpus is null))
        {
            throw new ArgumentException("--disaggregated needs --prefill-gpus and --decode-gpus.", "--disaggregated");
        }

        int gpus = parse.GetValue(Gpus)
            ?? (disaggregated ? prefillGpus!.Value + decodeGpus!.Value : throw new ArgumentException("is required (or --disaggregated with --prefill-gpus and --decode-gpus).", "--gpus"));

        double? acceptance = parse.GetValue(MtpAcceptance);
        if (acceptance is { } a && !(a >= 1 && double.IsFinite(a)))
        {
            throw new ArgumentException($"must be at least 1 (tokens accepted per step, was {a}).", "--mtp-acceptance");
        }

        // One drafted token per whole accepted token beyond the verified one: A = 2.4 needs at least 2 drafts.
        int draft = parse.GetValue(MtpDraft) ?? (acceptance is { } acc ? (int)Math.Ceiling(acc - 1) : 0);

        // tp or dp 0 = the rest of the decode instance, as sweeps resolve them.
        int tp = parse.GetValue(Tp), dp = parse.GetValue(Dp), pp = parse.GetValue(Pp);
        int instance = disaggregated && decodeGpus is { } pool ? pool / Math.Max(1, decodeInstances ?? 1) : gpus;
        if (dp < 0)
        {
            throw new ArgumentException($"must be at least 0 (was {dp}).", "--dp");
        }

        if (dp == 0)
        {
            dp = tp > 0 && pp > 0 ? Math.Max(1, instance / (tp * pp)) : 1;
        }

        var deployment = new Deployment
        {
            Gpus = gpus,
            Tp = tp,
            Ep = parse.GetValue(Ep),
            Dp = dp,
            Pp = pp,
            Weights = parse.GetValue(Weights) is { } w ? CliOptions.ParseWeights(w) : CliOptions.DefaultWeights(model),
            KvCache = CliOptions.ParseKvCache(parse.GetValue(KvCache) ?? "bf16"),
            Batch = parse.GetValue(Batch),
            MtpDraftTokens = draft,
            MtpAcceptanceLength = acceptance ?? 1.0,
            Disaggregated = disaggregated,
            PrefillGpus = prefillGpus ?? 0,
            DecodeGpus = decodeGpus ?? 0,
            DecodeInstances = decodeInstances ?? 1,
            PrefillTp = parse.GetValue(PrefillTp) ?? 0,
            PrefillEp = parse.GetValue(PrefillEp) ?? 0,
            PrefillChunkTokens = parse.GetValue(PrefillChunk) ?? new Deployment { Gpus = 1, Batch = 1 }.PrefillChunkTokens,
            CudaGraphs = !parse.GetValue(NoCudaGraphs),
            AttentionDpBalance = parse.GetValue(AdpBalance),
        };
        var workload = new Workload
        {
            InputTokens = parse.GetValue(Isl),
            OutputTokens = parse.GetValue(Osl),
            PrefixCacheHit = parse.GetValue(PrefixHit),
            Load = CliOptions.ReadLoad(parse.GetValue(Load)),
        };
        return new EvaluationInput(hardware, model, deployment, workload, CliOptions.LoadProfile(parse.GetValue(Profile)), CliOptions.PriceFrom(parse.GetValue(GpuHourUsd)));
    }
}
