namespace TokenKernels;

/// <summary>Mixture-of-experts feed-forward: routed experts, always-on shared experts, top-k routing.</summary>
public sealed record MoeSpec
{
    /// <summary>Routed experts per MoE layer (DeepSeek-V3: 256).</summary>
    public required int RoutedExperts { get; init; }

    /// <summary>Shared experts every token passes through (DeepSeek-V3: 1).</summary>
    public int SharedExperts { get; init; }

    /// <summary>Routed experts chosen per token (top-k; DeepSeek-V3: 8).</summary>
    public required int ExpertsPerToken { get; init; }

    /// <summary>Intermediate width of one expert (DeepSeek-V3: 2048).</summary>
    public required int ExpertFfnDim { get; init; }
}
