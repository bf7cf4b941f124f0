namespace TokenKernels;

/// <summary>Why a configuration cannot run. <see cref="None"/> means it can.</summary>
public enum InfeasibleReason
{
    /// <summary>Feasible.</summary>
    None = 0,

    /// <summary>tp x dp x pp does not equal the instance's GPUs.</summary>
    LayoutMismatch = 1,

    /// <summary>The tensor-parallel degree does not divide the query heads (or the KV heads, nor they it).</summary>
    TpDoesNotDivideHeads = 2,

    /// <summary>Expert parallelism wider than the routed experts, or set on a dense model.</summary>
    EpExceedsExperts = 3,

    /// <summary>The expert-parallel degree does not divide the GPUs of a pipeline stage.</summary>
    EpDoesNotDivideGpus = 4,

    /// <summary>More pipeline stages than layers.</summary>
    PpExceedsLayers = 5,

    /// <summary>The weights alone do not fit in usable HBM.</summary>
    WeightsExceedMemory = 6,

    /// <summary>The weights fit but batch x context of KV cache does not.</summary>
    KvCacheExceedsMemory = 7,

    /// <summary>Input + output tokens exceed the model's context window.</summary>
    ContextExceedsModel = 8,

    /// <summary>Disaggregated: the prefill pool cannot hold the weights.</summary>
    PrefillPoolTooSmall = 9,

    /// <summary>Colocated: prefilling arriving prompts would take all of the GPUs' time, leaving none to decode.</summary>
    PrefillSaturated = 10,
}
