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

    /// <summary>GEMM seconds per query token of the busiest attention rank (attention projections, dense FFN, shared experts, router).</summary>
    public double ComputePerToken;

    /// <summary>Routed-expert GEMM seconds per token that meets the stage's experts (the tokens of every busy dp rank).</summary>
    public double ComputePerMoeToken;

    /// <summary>LM-head seconds per token that needs logits (the whole LM head: it sits on the last stage, which paces the pipeline).</summary>
    public double ComputePerLogit;

    /// <summary>Attention-score seconds per query token per KV token-layer it attends to.</summary>
    public double ComputePerTokenContext;

    /// <summary>Seconds to read the weights every step reads (attention, dense FFN, shared experts, router, LM head).</summary>
    public double MemoryFixed;

    /// <summary>Seconds to read every hosted routed expert (scaled by the share the step touches).</summary>
    public double MemoryAllExperts;

    /// <summary>ln(1 - k/E): a token misses a given expert with probability 1 - k/E. 0 for dense models.</summary>
    public double ExpertMissLog;

    /// <summary>Routed experts each expert-parallel rank hosts (0 for dense models).</summary>
    public int ExpertsPerRank;

    /// <summary>Expert-parallel ranks of the stage (1: every GPU hosts every expert, sliced).</summary>
    public int ExpertRanks;

    /// <summary>Seconds to read the LM head's weights (part of <see cref="MemoryFixed"/>; a draft step reads it again).</summary>
    public double MemoryLmHead;

    /// <summary>Seconds to read one sequence's KV per token-layer of context on this GPU.</summary>
    public double MemoryPerSequenceContext;

    /// <summary>Exposed collective seconds per query token of the busiest attention rank (TP all-reduce, EP all-to-all it sends, PP hand-off).</summary>
    public double NetworkPerToken;

    /// <summary>Exposed collective seconds per token that meets the stage's experts (the experts' own TP all-reduce).</summary>
    public double NetworkPerMoeToken;

    /// <summary>Exposed collective latency per step.</summary>
    public double NetworkFixed;

    /// <summary>Per-layer and per-step overhead.</summary>
    public double OverheadFixed;

    /// <summary>Fixed overhead of one draft (MTP) step, paid in place of the main step's (its share is in <see cref="OverheadFixed"/>).</summary>
    public double OverheadPerDraft;

    /// <summary>Overhead per layer in the step.</summary>
    public double OverheadPerLayer;

    /// <summary>Overhead per sequence in the step.</summary>
    public double OverheadPerSequence;

    /// <summary>Share of the smaller of compute and memory time not hidden behind the larger.</summary>
    public double RooflineSerialShare;
}
