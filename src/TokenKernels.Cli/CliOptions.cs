using System.CommandLine;
using TokenKernels.Calibration;

namespace TokenKernels.Cli;

/// <summary>
/// Options and value parsing shared by every command, so <c>--model</c>, <c>--hardware</c>, <c>--weights</c>, <c>--profile</c>
/// and <c>--json</c> mean the same everywhere. Each factory returns a new option (a command owns its options).
/// </summary>
public static class CliOptions
{
    /// <summary>A <c>--prefix-hit</c> value, checked: a share of the prompt in [0, 1).</summary>
    public static double PrefixHit(double value) =>
        value is >= 0 and < 1 ? value : throw new ArgumentException($"must be in [0, 1) (was {value}).", "--prefix-hit");

    // Library exceptions name the record property (ParamName "Batch"); users typed an option. Keys are case-sensitive
    // because ParamName spells the property exactly.
    private static readonly Dictionary<string, string> OptionsByParameter = new(StringComparer.Ordinal)
    {
        ["Gpus"] = "--gpus",
        ["Tp"] = "--tp",
        ["Ep"] = "--ep",
        ["Dp"] = "--dp",
        ["Pp"] = "--pp",
        ["Batch"] = "--batch",
        ["MtpDraftTokens"] = "--mtp-draft",
        ["MtpAcceptanceLength"] = "--mtp-acceptance",
        ["PrefillGpus"] = "--prefill-gpus",
        ["DecodeGpus"] = "--decode-gpus",
        ["DecodeInstances"] = "--decode-instances",
        ["PrefillChunkTokens"] = "--prefill-chunk",
        ["InputTokens"] = "--isl",
        ["OutputTokens"] = "--osl",
        ["PrefixCacheHit"] = "--prefix-hit",
        ["prices"] = "--gpu-hour-usd",
    };

    /// <summary><c>--model</c>: a catalog id, a model spec JSON file, or a Hugging Face config.json.</summary>
    public static Option<string> Model() => new("--model")
    {
        Description = "Model: a catalog id (see `catalog`), a model spec .json file, or a Hugging Face config.json",
        Required = true,
    };

    /// <summary><c>--hardware</c>: a catalog id or a hardware spec JSON file.</summary>
    public static Option<string> Hardware() => new("--hardware")
    {
        Description = "Accelerator: a catalog id (see `catalog`) or a hardware spec .json file",
        Required = true,
    };

    /// <summary><c>--engine</c>: the serving engine (absent: the hardware's own stack).</summary>
    public static Option<string?> Engine() => new("--engine") { Description = OptionHelp.Engine };

    /// <summary>The engine <c>--engine</c> names; <see cref="ServingEngine.Default"/> when absent.</summary>
    /// <exception cref="ArgumentException">Not an engine; ParamName is <c>--engine</c>.</exception>
    public static ServingEngine ParseEngine(string? text) => text is null ? ServingEngine.Default : ServingEngines.Parse(text, "--engine");

    /// <summary><c>--no-cuda-graphs</c>: decode runs eagerly (<see cref="Deployment.CudaGraphs"/> false).</summary>
    public static Option<bool> NoCudaGraphs() => new("--no-cuda-graphs") { Description = OptionHelp.NoCudaGraphs };

    /// <summary><c>--adp-balance</c>: attention-DP ranks prefill in the same step (<see cref="Deployment.AttentionDpBalance"/>).</summary>
    public static Option<bool> AdpBalance() => new("--adp-balance") { Description = OptionHelp.AdpBalance };

    /// <summary><c>--json</c>: one JSON document instead of a table.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON document instead of a table" };

    /// <summary><c>--profile</c>: an efficiency profile file written by <c>calibrate</c>.</summary>
    public static Option<string?> Profile() => new("--profile")
    {
        Description = "Efficiency profile JSON (from `calibrate --out`); default: the shipped calibrated profile",
    };

    /// <summary><c>--gpu-hour-usd</c>: overrides the catalog price.</summary>
    public static Option<double?> GpuHourUsd() => new("--gpu-hour-usd")
    {
        Description = "Price of one GPU-hour in USD; default: the catalog's price (costs are null without one)",
    };

    /// <summary><c>--weights</c>: weight precision (default: <see cref="DefaultWeights"/>).</summary>
    public static Option<string?> Weights() => new("--weights")
    {
        Description = OptionHelp.Weights,
    };

    /// <summary><c>--kv-cache</c>: KV-cache precision.</summary>
    public static Option<string> KvCache() => new("--kv-cache")
    {
        Description = OptionHelp.KvCache,
        DefaultValueFactory = _ => "bf16",
    };

    /// <summary>The option a library parameter name corresponds to, or null.</summary>
    public static string? OptionFor(string? parameterName) => parameterName switch
    {
        null => null,
        _ when parameterName.StartsWith("--", StringComparison.Ordinal) => parameterName,
        _ => OptionsByParameter.TryGetValue(parameterName, out var option) ? option : null,
    };

    /// <summary>A catalog hardware id, or a path to a hardware spec JSON file, run with <paramref name="engine"/>.</summary>
    /// <exception cref="ArgumentException">Unknown id or invalid file (ParamName <c>--hardware</c>), or an engine the part cannot run (<c>--engine</c>).</exception>
    public static HardwareSpec ResolveHardware(string value, ServingEngine engine = ServingEngine.Default)
    {
        ArgumentNullException.ThrowIfNull(value);
        var part = Rename(() => IsFile(value) ? HardwareJson.Load(value) : BuiltInCatalog.GetHardware(value), "--hardware");
        return Rename(() => part.ForEngine(engine), "--engine");
    }

    /// <summary>A catalog model id, a model spec JSON file, or a Hugging Face config.json (recognised by <c>hidden_size</c>).</summary>
    /// <exception cref="ArgumentException">Unknown id or invalid file.</exception>
    public static ModelSpec ResolveModel(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Rename(
            () => !IsFile(value) ? BuiltInCatalog.GetModel(value)
                : File.Exists(value) && File.ReadAllText(value).Contains("\"hidden_size\"", StringComparison.Ordinal) ? HuggingFaceConfig.Load(value)
                : ModelJson.Load(value),
            "--model");
    }

    /// <summary>
    /// Weights when none are asked for: FP8, as serving engines deploy most checkpoints (and <see cref="Deployment"/>'s
    /// default), unless the checkpoint is natively smaller (gpt-oss ships MXFP4; nobody upcasts it).
    /// </summary>
    public static Precision DefaultWeights(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.NativeWeights.BytesPerElement() < Precision.Fp8.BytesPerElement() ? model.NativeWeights : Precision.Fp8;
    }

    /// <summary>Parses a weight precision: bf16, fp8, fp4 (nvfp4, mxfp4).</summary>
    public static Precision ParseWeights(string text) => Rename(() => PrecisionExtensions.Parse(text, "--weights"), "--weights");

    /// <summary>Parses a KV-cache precision: bf16 or fp8 (no engine stores KV in FP4).</summary>
    public static Precision ParseKvCache(string text)
    {
        var p = Rename(() => PrecisionExtensions.Parse(text, "--kv-cache"), "--kv-cache");
        return p == Precision.Fp4 ? throw new ArgumentException($"KV-cache precision '{text}' is not supported; expected bf16 or fp8.", "--kv-cache") : p;
    }

    /// <summary>The profile at <paramref name="path"/>, or null (the library then uses the shipped profile).</summary>
    public static EfficiencyProfile? LoadProfile(string? path) => path is null ? null : Rename(() => ProfileJson.Load(path), "--profile");

    /// <summary>A price override, or null to use the catalog price.</summary>
    public static Prices? PriceFrom(double? usdPerGpuHour) => usdPerGpuHour switch
    {
        null => null,
        { } usd when usd > 0 && double.IsFinite(usd) => new Prices(new Usd(usd)),
        var usd => throw new ArgumentException($"must be a positive price (was {usd}).", "--gpu-hour-usd"),
    };

    private static bool IsFile(string value) =>
        value.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || value.Contains('/', StringComparison.Ordinal) || File.Exists(value);

    // Library errors name a method parameter ("id", "text"); on the command line the user needs the option.
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

    /// <summary><c>--load</c>: offered load for TTFT at load.</summary>
    public static Option<double?> Load() => new("--load")
    {
        Description = "Offered load, 0-1 (exclusive) of each configuration's capacity: adds P50/P90 TTFT at that load (Poisson arrivals); --max-ttft-s then tests the P90",
    };

    /// <summary>The checked value of <c>--load</c>; 0 when absent.</summary>
    /// <exception cref="ArgumentException">Not strictly between 0 and 1.</exception>
    public static double ReadLoad(double? load) => load switch
    {
        null => 0,
        > 0 and < 1 => load.Value,
        _ => throw new ArgumentException($"must be between 0 and 1, exclusive (a share of capacity; was {load.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}).", "--load"),
    };
}
