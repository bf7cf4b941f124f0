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

    /// <summary><c>--gpus</c> (optional when disaggregated: prefill + decode).</summary>
    public Option<int?> Gpus { get; } = new("--gpus") { Description = "GPUs in total (default when disaggregated: prefill + decode GPUs)" };

    /// <summary><c>--tp</c>.</summary>
    public Option<int> Tp { get; } = new("--tp") { Description = "Attention tensor-parallel degree (0 = instance GPUs / (dp x pp))", DefaultValueFactory = _ => 0 };

    /// <summary><c>--ep</c>.</summary>
    public Option<int> Ep { get; } = new("--ep") { Description = "Expert-parallel degree of MoE layers", DefaultValueFactory = _ => 1 };

    /// <summary><c>--dp</c>.</summary>
    public Option<int> Dp { get; } = new("--dp") { Description = "Data-parallel attention degree", DefaultValueFactory = _ => 1 };

    /// <summary><c>--pp</c>.</summary>
    public Option<int> Pp { get; } = new("--pp") { Description = "Pipeline-parallel stages", DefaultValueFactory = _ => 1 };

    /// <summary><c>--weights</c>.</summary>
    public Option<string?> Weights { get; } = CliOptions.Weights();

    /// <summary><c>--kv-cache</c>.</summary>
    public Option<string> KvCache { get; } = CliOptions.KvCache();

    /// <summary><c>--batch</c>.</summary>
    public Option<int> Batch { get; } = new("--batch") { Description = "Concurrent sequences in a decode instance's batch", Required = true };

    /// <summary><c>--isl</c>.</summary>
    public Option<int> Isl { get; } = new("--isl") { Description = "Input (prompt) tokens per request", Required = true };

    /// <summary><c>--osl</c>.</summary>
    public Option<int> Osl { get; } = new("--osl") { Description = "Output tokens per request", Required = true };

    /// <summary><c>--mtp-acceptance</c>.</summary>
    public Option<double?> MtpAcceptance { get; } = new("--mtp-acceptance")
    {
        Description = "MTP / speculative decoding: mean tokens accepted per step, including the verified one (e.g. 2.4)",
    };

    /// <summary><c>--mtp-draft</c>.</summary>
    public Option<int?> MtpDraft { get; } = new("--mtp-draft")
    {
        Description = "Tokens drafted per step (default with --mtp-acceptance A: ceil(A - 1), the fewest that allow A; sweeps use the same rule)",
    };

    /// <summary><c>--prefix-hit</c>.</summary>
    public Option<double> PrefixHit { get; } = new("--prefix-hit") { Description = "Fraction of input tokens served from a prefix cache, at least 0 and below 1", DefaultValueFactory = _ => 0 };

    /// <summary><c>--disaggregated</c>.</summary>
    public Option<bool> Disaggregated { get; } = new("--disaggregated") { Description = "Prefill and decode on separate GPU pools (needs --prefill-gpus, --decode-gpus)" };

    /// <summary><c>--prefill-gpus</c>.</summary>
    public Option<int?> PrefillGpus { get; } = new("--prefill-gpus") { Description = "Prefill pool size (disaggregated)" };

    /// <summary><c>--decode-gpus</c>.</summary>
    public Option<int?> DecodeGpus { get; } = new("--decode-gpus") { Description = "Decode pool size (disaggregated)" };

    /// <summary><c>--decode-instances</c>.</summary>
    public Option<int?> DecodeInstances { get; } = new("--decode-instances")
    {
        Description = "Identical decode instances the decode pool runs as, each with the layout and --batch given (disaggregated; default 1)",
    };

    /// <summary><c>--load</c>.</summary>
    public Option<double?> Load { get; } = CliOptions.Load();

    /// <summary><c>--prefill-chunk</c>.</summary>
    public Option<int?> PrefillChunk { get; } = new("--prefill-chunk") { Description = "Prompt tokens per prefill forward pass (chunked prefill; default 8192)" };

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
            Model, Hardware, Gpus, Tp, Ep, Dp, Pp, Weights, KvCache, Batch, Isl, Osl, MtpAcceptance, MtpDraft, PrefixHit,
            Disaggregated, PrefillGpus, DecodeGpus, DecodeInstances, Load, PrefillChunk, GpuHourUsd, Profile,
        ];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The configuration the options describe.</summary>
    /// <exception cref="ArgumentException">An option is missing, unknown or out of range; ParamName is the option.</exception>
    public EvaluationInput Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var model = CliOptions.ResolveModel(parse.GetRequiredValue(Model));
        var hardware = CliOptions.ResolveHardware(parse.GetRequiredValue(Hardware));
        bool disaggregated = parse.GetValue(Disaggregated);
        int? prefillGpus = parse.GetValue(PrefillGpus), decodeGpus = parse.GetValue(DecodeGpus);
        int? decodeInstances = parse.GetValue(DecodeInstances);
        if (!disaggregated && (prefillGpus is not null || decodeGpus is not null || decodeInstances is not null))
        {
            throw new ArgumentException("--prefill-gpus, --decode-gpus and --decode-instances need --disaggregated.", "--disaggregated");
        }

        if (disaggregated && (prefillGpus is null || decodeGpus is null))
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

        var deployment = new Deployment
        {
            Gpus = gpus,
            Tp = parse.GetValue(Tp),
            Ep = parse.GetValue(Ep),
            Dp = parse.GetValue(Dp),
            Pp = parse.GetValue(Pp),
            Weights = parse.GetValue(Weights) is { } w ? CliOptions.ParseWeights(w) : CliOptions.DefaultWeights(model),
            KvCache = CliOptions.ParseKvCache(parse.GetValue(KvCache) ?? "bf16"),
            Batch = parse.GetValue(Batch),
            MtpDraftTokens = draft,
            MtpAcceptanceLength = acceptance ?? 1.0,
            Disaggregated = disaggregated,
            PrefillGpus = prefillGpus ?? 0,
            DecodeGpus = decodeGpus ?? 0,
            DecodeInstances = decodeInstances ?? 1,
            PrefillChunkTokens = parse.GetValue(PrefillChunk) ?? new Deployment { Gpus = 1, Batch = 1 }.PrefillChunkTokens,
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
