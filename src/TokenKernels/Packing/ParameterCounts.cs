namespace TokenKernels.Packing;

/// <summary>
/// Parameter counts of an architecture from its dimensions, filled into a <see cref="PackedModel"/> once when it is
/// packed (the physics reads the counts, never recounts them), and the KV bytes a token adds per layer (which the memory
/// plan and <see cref="ModelSpecFigures"/> read). Kernel-safe: static, no allocation.
/// </summary>
internal static class ParameterCounts
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
        if (m.AttentionKind == AttentionKind.Mla)
        {
            double qk = m.QkNopeHeadDim + m.QkRopeHeadDim;
            double q = m.QLoraRank > 0 ? (h * m.QLoraRank) + (m.QLoraRank * qh * qk) : h * qh * qk;
            double kvA = h * (m.KvLoraRank + m.QkRopeHeadDim);
            double kvB = m.KvLoraRank * qh * (m.QkNopeHeadDim + dv);
            return q + kvA + kvB + (qh * dv * h);
        }

        return (h * qh * m.HeadDim) + (h * m.KvHeads * m.HeadDim) + (h * m.KvHeads * dv) + (qh * dv * h);
    }

    /// <summary>
    /// Attention weights of one layer that every attention-TP rank holds whole: MLA's down-projections to the q and kv
    /// latents, W_q_a (h x r_q) and W_kv_a (h x (r_kv + d_rope)), which vLLM and SGLang build as ReplicatedLinear
    /// (DeepSeek-V2/V3 attention, q_a_proj and kv_a_proj_with_mqa, or their fusion) and TensorRT-LLM runs data-parallel
    /// ("Fuse_A GEMM: DP8" under attention TP8; tech blog 1, "Pushing Latency Boundaries"). Each rank computes the whole
    /// latent, which the tp-sharded up-projections then read. 0 for GQA. DeepSeek-V3: 7,168 x (1,536 + 576) = 15.14e6.
    /// </summary>
    public static double ReplicatedAttentionParamsPerLayer(in PackedModel m) =>
        m.AttentionKind == AttentionKind.Mla
            ? (double)m.Hidden * ((m.QLoraRank > 0 ? m.QLoraRank : 0) + m.KvLoraRank + m.QkRopeHeadDim)
            : 0;

    /// <summary>
    /// KV-cache bytes one token adds to one full-attention layer.
    /// GQA: kvh x (d + dv) x bytes (K and V). MLA: (r_kv + d_rope) x bytes (one latent shared by all heads).
    /// DeepSeek-V3 in BF16: (512 + 64) x 2 = 1,152 B per layer, x 61 layers = 70,272 B.
    /// </summary>
    public static double KvBytesPerTokenPerLayer(in PackedModel m, double bytesPerElement) =>
        m.AttentionKind == AttentionKind.Mla
            ? (m.KvLoraRank + m.QkRopeHeadDim) * bytesPerElement
            : m.KvHeads * (double)(m.HeadDim + m.ValueHeadDim) * bytesPerElement;

    /// <summary>Gated (SwiGLU) feed-forward: gate, up and down matrices, 3 x hidden x ffn.</summary>
    public static double GatedFfnParams(int hidden, int ffn) => 3.0 * hidden * ffn;

    /// <summary>Fills the parameter counts of a packed model from its dimensions.</summary>
    public static void Fill(ref PackedModel m)
    {
        m.AttentionParamsPerLayer = AttentionParamsPerLayer(m);
        m.ReplicatedAttentionParamsPerLayer = ReplicatedAttentionParamsPerLayer(m);
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
}
