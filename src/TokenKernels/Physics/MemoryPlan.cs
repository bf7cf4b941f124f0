using TokenKernels.Packing;

namespace TokenKernels.Physics;

/// <summary>
/// Per-GPU memory: weights, KV cache per sequence, and what is left for KV. Usable HBM = HBM x usable fraction;
/// KV capacity = usable - weights - activation reserve. This bounds batch x context.
/// </summary>
internal static class MemoryPlan
{
    /// <summary>
    /// Weight bytes one GPU reads (or stores) per forward step of its pipeline stage, given how many of its hosted routed
    /// experts the step touches (all hosted ones for the stored size).
    /// Attention: its tp-sharded params / tp plus MLA's replicated down-projections; dense FFN: params / tp; experts: touched x expert params / moeTp; shared experts / moeTp;
    /// embedding and LM head in BF16, vocabulary-parallel over tp (LM head read, embedding only stored). With pipeline stages
    /// the read is the last stage's, which holds the whole LM head and paces the pipeline.
    /// </summary>
    public static double WeightBytesPerGpu(in PackedModel m, in Layout l, Precision weightPrecision, double expertsPerGpu, bool stored)
    {
        double stages = l.Pp;
        double wb = PrecisionMath.BytesPerElement(weightPrecision);
        double nb = PrecisionMath.NonExpertBytesPerElement(m, weightPrecision);
        double attention = m.Layers / stages * ModelGeometry.AttentionParamsPerGpu(m, l.Tp) * nb;
        double dense = m.DenseLayers / stages * m.DenseFfnParamsPerLayer / l.Tp * nb;
        double moeLayers = m.MoeLayers / stages;
        double experts = moeLayers * ((expertsPerGpu * m.ExpertParams) + m.SharedExpertParamsPerLayer) / l.MoeTp * wb;
        double router = moeLayers * m.RouterParamsPerLayer * 2.0;
        double vocabParams = stored
            ? (l.Pp == 1 ? m.EmbeddingParams + (m.TiedEmbeddings != 0 ? 0 : m.LmHeadParams) : Math.Max(m.EmbeddingParams, m.LmHeadParams))
            : m.LmHeadParams;
        return attention + dense + experts + router + (vocabParams / l.Tp * 2.0);
    }

    /// <summary>Routed experts stored on one GPU: ceil(E / ep).</summary>
    public static double HostedExpertsPerGpu(in PackedModel m, in Layout l) =>
        m.MoeLayers > 0 ? Math.Ceiling(m.RoutedExperts / (double)l.Ep) : 0;

    /// <summary>
    /// KV bytes one sequence of <paramref name="context"/> tokens keeps on one GPU: KV token-layers of the stage x bytes per
    /// token-layer / KV sharding (GQA: min(tp, kv heads) ways; MLA: the latent is replicated across tp).
    /// </summary>
    public static double KvBytesPerSequencePerGpu(in PackedModel m, in Layout l, Precision kvPrecision, double context)
    {
        double shard = m.AttentionKind == AttentionKind.Mla ? 1.0 : Math.Min(l.Tp, m.KvHeads);
        double perTokenLayer = ParameterCounts.KvBytesPerTokenPerLayer(m, PrecisionMath.BytesPerElement(kvPrecision));
        return ModelGeometry.KvTokenLayers(m, context, m.Layers / (double)l.Pp) * perTokenLayer / shard;
    }

    /// <summary>
    /// KV-cache capacity: the usable fraction of what the weights and the activation reserve leave free
    /// ((HBM - weights - reserve) x fraction, as TensorRT-LLM's kv_cache_free_gpu_mem_fraction sizes its pool);
    /// zero or negative when the weights do not fit.
    /// </summary>
    public static double KvCapacityBytesPerGpu(in PackedHardware hw, in PackedProfile p, double storedWeightBytes)
    {
        double free = hw.HbmBytes - storedWeightBytes - p.ActivationReserveBytes;
        return free > 0 ? free * p.UsableMemoryFraction : free;
    }

    /// <summary>Largest batch whose sequences of <paramref name="context"/> tokens fit: floor(capacity / per-sequence KV) x dp.</summary>
    public static double MaxBatch(in PackedModel m, in Layout l, Precision kvPrecision, double capacityBytes, double context)
    {
        if (capacityBytes <= 0)
        {
            return 0;
        }

        return Math.Floor(capacityBytes / KvBytesPerSequencePerGpu(m, l, kvPrecision, context)) * l.Dp;
    }

    /// <summary>
    /// Longest context (tokens) each of <paramref name="batch"/> sequences can hold, capped at the model's window.
    /// Sliding-window layers stop growing at their window, so the budget per token beyond it is smaller.
    /// </summary>
    public static double MaxContext(in PackedModel m, in Layout l, Precision kvPrecision, double capacityBytes, double batch)
    {
        if (capacityBytes <= 0 || batch <= 0)
        {
            return 0;
        }

        double sequencesPerGpu = Math.Ceiling(batch / l.Dp);
        double shard = m.AttentionKind == AttentionKind.Mla ? 1.0 : Math.Min(l.Tp, m.KvHeads);
        double perTokenLayer = ParameterCounts.KvBytesPerTokenPerLayer(m, PrecisionMath.BytesPerElement(kvPrecision)) / shard;
        double tokenLayers = capacityBytes / sequencesPerGpu / perTokenLayer;
        double layers = m.Layers / (double)l.Pp;
        double s = m.SlidingLayers / (double)m.Layers;
        double context = tokenLayers / layers;
        if (m.SlidingLayers > 0 && context > m.SlidingWindow)
        {
            context = s >= 1 ? m.MaxContext : ((tokenLayers / layers) - (s * m.SlidingWindow)) / (1 - s);
        }

        return Math.Min(Math.Floor(context), m.MaxContext);
    }
}
