namespace TokenKernels.Physics;

/// <summary>
/// One forward step of one pipeline stage on one GPU, reduced to what its terms cost per unit of load. Built once per
/// hardware x model x layout x precision x phase by <see cref="ForwardPass.Coefficients"/>; <see cref="ForwardPass.Step"/>
/// turns it into time for any number of tokens, sequences and context. Every term is linear in the load except the
/// distinct experts touched and the KV token-layers of sliding windows.
/// </summary>
internal struct StepCoefficients
{
    /// <summary>Layers in the stage.</summary>
    public double Layers;

    /// <summary>GEMM seconds per query token (attention projections, dense FFN, routed and shared experts, router).</summary>
    public double ComputePerToken;

    /// <summary>LM-head seconds per token that needs logits.</summary>
    public double ComputePerLogit;

    /// <summary>Attention-score seconds per query token per KV token-layer it attends to.</summary>
    public double ComputePerTokenContext;

    /// <summary>Seconds to read the weights every step reads (attention, dense FFN, shared experts, router, LM head).</summary>
    public double MemoryFixed;

    /// <summary>Seconds to read every hosted routed expert (scaled by the share the step touches).</summary>
    public double MemoryAllExperts;

    /// <summary>ln(1 - k/E): a token misses a given expert with probability 1 - k/E. 0 for dense models.</summary>
    public double ExpertMissLog;

    /// <summary>MoE tokens per attention-rank token (every dp rank's tokens meet the experts).</summary>
    public double MoeTokensPerToken;

    /// <summary>Seconds to read one sequence's KV per token-layer of context on this GPU.</summary>
    public double MemoryPerSequenceContext;

    /// <summary>Exposed collective seconds per query token.</summary>
    public double NetworkPerToken;

    /// <summary>Exposed collective latency per step.</summary>
    public double NetworkFixed;

    /// <summary>Per-layer and per-step overhead.</summary>
    public double OverheadFixed;

    /// <summary>Overhead per sequence in the step.</summary>
    public double OverheadPerSequence;

    /// <summary>Share of the smaller of compute and memory time not hidden behind the larger.</summary>
    public double RooflineSerialShare;
}
