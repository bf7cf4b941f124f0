using TokenKernels.Packing;

namespace TokenKernels.Physics;

/// <summary>Parameter counts, KV size and expert activation of an architecture. Kernel-safe: static, no allocation.</summary>
internal static class ModelGeometry
{
    /// <summary>
    /// Attention weights of one layer.
    /// GQA: Wq (h x qh x d) + Wk (h x kvh x d) + Wv (h x kvh x dv) + Wo (qh x dv x h).
    /// MLA: Wq (h x r_q + r_q x qh x (d_nope + d_rope), or h x qh x (d_nope + d_rope) without a q rank)
    ///      + W_kv_a (h x (r_kv + d_rope)) + W_kv_b (r_kv x qh x (d_nope + dv)) + Wo (qh x dv x h).
    /// </summary>
    public static double AttentionParamsPerLayer(in PackedModel m)
    {
        double h = m.Hidden, qh = m.QueryHeads, dv = m.ValueHeadDim;
        if (m.AttentionKind == 1)
        {
            double qk = m.QkNopeHeadDim + m.QkRopeHeadDim;
            double q = m.QLoraRank > 0 ? (h * m.QLoraRank) + (m.QLoraRank * qh * qk) : h * qh * qk;
            double kvA = h * (m.KvLoraRank + m.QkRopeHeadDim);
            double kvB = m.KvLoraRank * qh * (m.QkNopeHeadDim + dv);
            return q + kvA + kvB + (qh * dv * h);
        }

        return (h * qh * m.HeadDim) + (h * m.KvHeads * m.HeadDim) + (h * m.KvHeads * dv) + (qh * dv * h);
    }

    /// <summary>Gated (SwiGLU) feed-forward: gate, up and down matrices, 3 x hidden x ffn.</summary>
    public static double GatedFfnParams(int hidden, int ffn) => 3.0 * hidden * ffn;

    /// <summary>
    /// KV-cache bytes one token adds to one full-attention layer.
    /// GQA: kvh x (d + dv) x bytes (K and V). MLA: (r_kv + d_rope) x bytes (one latent shared by all heads).
    /// DeepSeek-V3 in BF16: (512 + 64) x 2 = 1,152 B per layer, x 61 layers = 70,272 B.
    /// </summary>
    public static double KvBytesPerTokenPerLayer(in PackedModel m, double bytesPerElement) =>
        m.AttentionKind == 1
            ? (m.KvLoraRank + m.QkRopeHeadDim) * bytesPerElement
            : m.KvHeads * (double)(m.HeadDim + m.ValueHeadDim) * bytesPerElement;

    /// <summary>
    /// KV tokens summed over layers for one sequence of a given context: full layers hold every token, sliding-window
    /// layers at most their window. Multiply by <see cref="KvBytesPerTokenPerLayer"/> for bytes.
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

    /// <summary>Fills the parameter counts of a packed model from its dimensions.</summary>
    public static void CountParameters(ref PackedModel m)
    {
        m.AttentionParamsPerLayer = AttentionParamsPerLayer(m);
        m.DenseFfnParamsPerLayer = m.DenseLayers > 0 ? GatedFfnParams(m.Hidden, m.DenseFfnDim) : 0;
        m.ExpertParams = m.MoeLayers > 0 ? GatedFfnParams(m.Hidden, m.ExpertFfnDim) : 0;
        m.SharedExpertParamsPerLayer = m.SharedExperts * m.ExpertParams;
        m.RouterParamsPerLayer = m.MoeLayers > 0 ? (double)m.Hidden * m.RoutedExperts : 0;
        m.EmbeddingParams = (double)m.Vocab * m.Hidden;
        m.LmHeadParams = (double)m.Vocab * m.Hidden;
        double perLayerCommon = (m.Layers * m.AttentionParamsPerLayer) + (m.DenseLayers * m.DenseFfnParamsPerLayer);
        double moeShared = m.MoeLayers * (m.SharedExpertParamsPerLayer + m.RouterParamsPerLayer);
        m.TotalParameters = perLayerCommon + moeShared + (m.MoeLayers * m.RoutedExperts * m.ExpertParams)
            + m.EmbeddingParams + (m.TiedEmbeddings != 0 ? 0 : m.LmHeadParams);
        m.ActiveParameters = perLayerCommon + moeShared + (m.MoeLayers * m.ExpertsPerToken * m.ExpertParams)
            + m.EmbeddingParams + m.LmHeadParams;
    }

    /// <summary>Linear-layer parameters one token multiplies through (active parameters less the embedding lookup): 2 FLOPs each.</summary>
    public static double ActiveLinearParams(in PackedModel m) => m.ActiveParameters - m.EmbeddingParams;
}
