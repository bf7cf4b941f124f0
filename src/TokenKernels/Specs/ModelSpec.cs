namespace TokenKernels;

/// <summary>
/// A transformer's architecture, enough to count weights, KV bytes and FLOPs. Dense models have <see cref="Moe"/> null and
/// <see cref="DenseLayers"/> = <see cref="Layers"/>; MoE models use a dense FFN for the first <see cref="DenseLayers"/> layers.
/// Feed-forward blocks are gated (SwiGLU: three matrices of hidden x ffn).
/// </summary>
public sealed record ModelSpec
{
    /// <summary>Catalog id, e.g. <c>deepseek-v3</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Human-readable name.</summary>
    public required string Name { get; init; }

    /// <summary>Transformer layers (without MTP modules).</summary>
    public required int Layers { get; init; }

    /// <summary>Residual stream width.</summary>
    public required int Hidden { get; init; }

    /// <summary>Vocabulary size (embedding and LM head rows).</summary>
    public required int Vocab { get; init; }

    /// <summary>Longest supported context in tokens.</summary>
    public required int MaxContext { get; init; }

    /// <summary>Attention geometry.</summary>
    public required AttentionSpec Attention { get; init; }

    /// <summary>Intermediate width of the dense FFN layers (0 when there are none).</summary>
    public int DenseFfnDim { get; init; }

    /// <summary>Layers with a dense FFN: all of them for a dense model, the first k for DeepSeek-style MoE (3 for V3).</summary>
    public required int DenseLayers { get; init; }

    /// <summary>Mixture-of-experts block, or null for a dense model.</summary>
    public MoeSpec? Moe { get; init; }

    /// <summary>
    /// Multi-token-prediction modules shipped with the weights (Hugging Face <c>num_nextn_predict_layers</c>; DeepSeek-V3/R1: 1),
    /// which engines can run as a draft model. 0: none.
    /// </summary>
    public int MtpModules { get; init; }

    /// <summary>Whether the LM head shares the embedding matrix (counted once in memory).</summary>
    public bool TiedEmbeddings { get; init; }

    /// <summary>Precision the checkpoint ships in.</summary>
    public Precision NativeWeights { get; init; } = Precision.Bf16;

    /// <summary>Where the figures come from.</summary>
    public required string Source { get; init; }

    /// <summary>Caveats.</summary>
    public string Notes { get; init; } = "";

    /// <summary>Whether the model routes tokens to experts.</summary>
    public bool IsMoe => Moe is not null;

    /// <summary>Checks the architecture is self-consistent.</summary>
    /// <exception cref="ArgumentException">A dimension is missing or inconsistent; the message names it.</exception>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Id), nameof(Id), "must not be empty");
        Require(Layers >= 1, nameof(Layers), "must be at least 1");
        Require(Hidden >= 1, nameof(Hidden), "must be at least 1");
        Require(Vocab >= 1, nameof(Vocab), "must be at least 1");
        Require(MaxContext >= 1, nameof(MaxContext), "must be at least 1");
        Require(DenseLayers >= 0 && DenseLayers <= Layers, nameof(DenseLayers), "must be between 0 and Layers");
        Require(MtpModules >= 0, nameof(MtpModules), "must not be negative");
        Require(DenseLayers == 0 || DenseFfnDim >= 1, nameof(DenseFfnDim), "must be positive when there are dense layers");
        Require(Moe is not null || DenseLayers == Layers, nameof(DenseLayers), "must equal Layers for a dense model");
        var a = Attention;
        Require(a is not null, nameof(Attention), "must be given");
        Require(Enum.IsDefined(a!.Kind), nameof(AttentionSpec.Kind), "must be gqa or mla");
        Require(a.QueryHeads >= 1, nameof(AttentionSpec.QueryHeads), "must be at least 1");
        Require(a.HeadDim >= 1, nameof(AttentionSpec.HeadDim), "must be at least 1");
        if (a.Kind == AttentionKind.Gqa)
        {
            Require(a.KvHeads >= 1 && a.QueryHeads % a.KvHeads == 0, nameof(AttentionSpec.KvHeads), "must divide QueryHeads");
        }
        else
        {
            Require(a.KvLoraRank >= 1, nameof(AttentionSpec.KvLoraRank), "must be positive for MLA");
            Require(a.QkNopeHeadDim >= 1, nameof(AttentionSpec.QkNopeHeadDim), "must be positive for MLA");
            Require(a.QkRopeHeadDim >= 0, nameof(AttentionSpec.QkRopeHeadDim), "must not be negative");
        }

        Require(a.SlidingWindowLayers >= 0 && a.SlidingWindowLayers <= Layers, nameof(AttentionSpec.SlidingWindowLayers), "must be between 0 and Layers");
        Require(a.SlidingWindowLayers == 0 || a.SlidingWindow >= 1, nameof(AttentionSpec.SlidingWindow), "must be positive when layers use a window");
        if (Moe is { } m)
        {
            Require(m.RoutedExperts >= 1, nameof(MoeSpec.RoutedExperts), "must be at least 1");
            Require(m.ExpertsPerToken >= 1 && m.ExpertsPerToken <= m.RoutedExperts, nameof(MoeSpec.ExpertsPerToken), "must be between 1 and RoutedExperts");
            Require(m.SharedExperts >= 0, nameof(MoeSpec.SharedExperts), "must not be negative");
            Require(m.ExpertFfnDim >= 1, nameof(MoeSpec.ExpertFfnDim), "must be at least 1");
        }
    }

    private void Require(bool ok, string name, string what)
    {
        if (!ok)
        {
            throw new ArgumentException($"Model '{Id}': {name} {what}.", name);
        }
    }
}
