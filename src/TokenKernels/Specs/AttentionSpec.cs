namespace TokenKernels;

/// <summary>Attention geometry of a model (one layer's worth; every layer has the same shape).</summary>
public sealed record AttentionSpec
{
    /// <summary>GQA or MLA.</summary>
    public required AttentionKind Kind { get; init; }

    /// <summary>Query heads.</summary>
    public required int QueryHeads { get; init; }

    /// <summary>KV heads (GQA). For MLA the latent is shared by all heads; set this to 1.</summary>
    public int KvHeads { get; init; } = 1;

    /// <summary>Per-head query/key width (GQA). For MLA: <see cref="QkNopeHeadDim"/> + <see cref="QkRopeHeadDim"/>.</summary>
    public required int HeadDim { get; init; }

    /// <summary>Per-head value width; 0 means equal to <see cref="HeadDim"/>.</summary>
    public int ValueHeadDim { get; init; }

    /// <summary>MLA: rank of the low-rank query projection (0 = none, a full query projection).</summary>
    public int QLoraRank { get; init; }

    /// <summary>MLA: rank of the compressed KV latent (DeepSeek-V3: 512).</summary>
    public int KvLoraRank { get; init; }

    /// <summary>MLA: non-RoPE part of the query/key head (DeepSeek-V3: 128).</summary>
    public int QkNopeHeadDim { get; init; }

    /// <summary>MLA: decoupled RoPE key width, stored once per token (DeepSeek-V3: 64).</summary>
    public int QkRopeHeadDim { get; init; }

    /// <summary>Sliding-window length in tokens for windowed layers (0 = no windowed layers).</summary>
    public int SlidingWindow { get; init; }

    /// <summary>How many layers use the sliding window (gpt-oss-120b: 18 of 36).</summary>
    public int SlidingWindowLayers { get; init; }

    /// <summary>Effective value width.</summary>
    public int EffectiveValueHeadDim => ValueHeadDim > 0 ? ValueHeadDim : HeadDim;
}
