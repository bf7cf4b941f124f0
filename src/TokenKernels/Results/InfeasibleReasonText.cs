namespace TokenKernels;

/// <summary>Readable text and snake_case codes of <see cref="InfeasibleReason"/>.</summary>
public static class InfeasibleReasonText
{
    /// <summary>A sentence a user can act on.</summary>
    public static string Describe(this InfeasibleReason reason) => reason switch
    {
        InfeasibleReason.None => "feasible",
        InfeasibleReason.LayoutMismatch => "tp x dp x pp must equal the instance's GPUs",
        InfeasibleReason.TpDoesNotDivideHeads => "tp does not divide the attention heads",
        InfeasibleReason.EpExceedsExperts => "ep exceeds the routed experts (or the model is dense)",
        InfeasibleReason.EpDoesNotDivideGpus => "ep does not divide the GPUs of a pipeline stage",
        InfeasibleReason.PpExceedsLayers => "more pipeline stages than layers",
        InfeasibleReason.WeightsExceedMemory => "memory: weights do not fit in usable HBM per GPU",
        InfeasibleReason.KvCacheExceedsMemory => "memory: KV cache for batch x context does not fit beside the weights",
        InfeasibleReason.ContextExceedsModel => "input + output tokens exceed the model's context window",
        InfeasibleReason.PrefillPoolTooSmall => "memory: the prefill pool cannot hold the weights",
        InfeasibleReason.PrefillSaturated => "prefill of arriving prompts would take all GPU time",
        _ => reason.ToString(),
    };

    /// <summary>snake_case code for JSON and CSV: <c>kv_cache_exceeds_memory</c>.</summary>
    public static string ToCode(this InfeasibleReason reason) => reason switch
    {
        InfeasibleReason.None => "none",
        _ => string.Concat(reason.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())),
    };
}
