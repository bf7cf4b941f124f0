using TokenKernels.Packing;

namespace TokenKernels.Physics;

/// <summary>KV size and expert activation of an architecture (its parameter counts and KV bytes per token-layer: <see cref="ParameterCounts"/>). Kernel-safe: static, no allocation.</summary>
internal static class ModelGeometry
{
    /// <summary>
    /// KV tokens summed over layers for one sequence of a given context: full layers hold every token, sliding-window
    /// layers at most their window. Multiply by <see cref="ParameterCounts.KvBytesPerTokenPerLayer"/> for bytes.
    /// </summary>
    public static double KvTokenLayers(in PackedModel m, double context, double layers)
    {
        if (m.SlidingLayers <= 0)
        {
            return context * layers;
        }

        double slidingShare = m.SlidingLayers / (double)m.Layers;
        double windowed = Math.Min(context, m.SlidingWindow);
        return layers * (((1 - slidingShare) * context) + (slidingShare * windowed));
    }

    /// <summary>
    /// Expected number of distinct routed experts that T tokens touch when each picks k of E uniformly:
    /// E x (1 - (1 - k/E)^T). One token touches k; many tokens touch all E.
    /// </summary>
    public static double ExpectedActiveExperts(double experts, double expertsPerToken, double tokens) =>
        experts * TouchedExpertShare(ExpertMissLog(experts, expertsPerToken), tokens);

    /// <summary>ln(1 - k/E): the log-probability that one token misses a given expert (negative infinity when k = E).</summary>
    public static double ExpertMissLog(double experts, double expertsPerToken) => KernelMath.Log(1.0 - (expertsPerToken / experts));

    /// <summary>Share of experts T tokens touch: 1 - (1 - k/E)^T = 1 - exp(T ln(1 - k/E)); 0 for no tokens.</summary>
    public static double TouchedExpertShare(double missLog, double tokens) => TouchedExpertShare<Lane1>(missLog, tokens).Value;

    /// <summary><see cref="TouchedExpertShare(double, double)"/> in every lane.</summary>
    public static T TouchedExpertShare<T>(double missLog, T tokens)
        where T : struct, ILanes<T> => T.IfGreater(tokens, 0.0, 1.0 - KernelMath.Exp(tokens * missLog), 0.0);

    /// <summary>
    /// Attention weights of one layer on one GPU of an attention-TP group of <paramref name="tp"/>: the sharded ones / tp
    /// plus the replicated ones (<see cref="ParameterCounts.ReplicatedAttentionParamsPerLayer"/>, MLA's down-projections).
    /// </summary>
    public static double AttentionParamsPerGpu(in PackedModel m, double tp) =>
        ((m.AttentionParamsPerLayer - m.ReplicatedAttentionParamsPerLayer) / tp) + m.ReplicatedAttentionParamsPerLayer;

    /// <summary>Linear-layer parameters one token multiplies through (active parameters less the embedding lookup): 2 FLOPs each.</summary>
    public static double ActiveLinearParams(in PackedModel m) => m.ActiveParameters - m.EmbeddingParams;
}
