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

    /// <summary>Miss probability below which every rank's experts are all but all touched (<see cref="BusiestRankTouchedShare{T}"/>).</summary>
    private const double AllTouchedMiss = 1e-4;

    /// <summary>
    /// Share of its hosted experts that the busiest of <paramref name="ranks"/> expert-parallel ranks reads, each rank hosting
    /// <paramref name="expertsPerRank"/> experts, when <paramref name="tokens"/> tokens route uniformly (each expert touched
    /// with probability q = <see cref="TouchedExpertShare(double, double)"/>, independently): E[max over ranks of
    /// Binomial(m, q)] / m = sum over j of (1 - F(j)^ranks) / m, F the binomial CDF. Every rank waits for the busiest one at
    /// the collective that ends the MoE layer (TensorRT-LLM tech blog 1, "Re-balanced the sparse experts": under expert
    /// parallelism "token placement is data-dependent, distributing workloads unevenly across GPUs and revealing overhead in
    /// the AllReduce step after the MoE module"), so a step reads that rank's experts, not the mean rank's. At one token
    /// (8 of 256 experts) over 4 ranks the busiest reads 1.74x the mean (1.27x over 2 ranks, 2.54x over 8); by 128 tokens
    /// at most 1.02x; one rank: exactly q.
    /// </summary>
    public static T BusiestRankTouchedShare<T>(double missLog, T tokens, int expertsPerRank, int ranks)
        where T : struct, ILanes<T>
    {
        if (ranks <= 1 || expertsPerRank <= 0)
        {
            return TouchedExpertShare(missLog, tokens);
        }

        // P(an expert is missed) = (1 - k/E)^T. Where it is below 1e-4, the busiest rank's untouched experts (at least 0)
        // fall short of the mean rank's (m x miss) by at most that, so q is within miss / q (0.01%) of the answer: such a
        // lane takes q (large batches, prefill chunks), and where every lane does the sum is skipped. Each lane's value
        // depends on that lane alone, whatever the others hold.
        T logMiss = tokens * missLog;
        T miss = KernelMath.Exp(logMiss);
        T allTouched = 1.0 - miss;
        if (!T.AnyGreater(miss, AllTouchedMiss))
        {
            return allTouched;
        }

        // The binomial pmf from P(X = 0) = miss^m by pmf(j+1) = pmf(j) (m-j)/(j+1) q/(1-q). Where miss^m underflows to 0
        // the CDF stays 0 below m and the busiest rank reads all m. A lane stops adding once its CDF is 1 to 1e-12 (the
        // rest of its terms, at most ranks x 1e-12 each, are dropped); the loop ends when every lane has.
        T odds = allTouched / T.Max(miss, 1e-300);
        T pmf = KernelMath.Exp(logMiss * expertsPerRank);
        T cdf = 0.0;
        T expectedMax = 0.0;
        T active = 1.0;
        for (int j = 0; j < expertsPerRank; j++)
        {
            cdf += pmf;
            expectedMax += active * (1.0 - KernelMath.PowInt(T.Min(cdf, 1.0), ranks));
            active = T.IfGreater(1.0 - 1e-12, cdf, active, 0.0);
            if (!T.AnyGreater(active, 0.0))
            {
                break;
            }

            pmf = pmf * ((expertsPerRank - j) / (j + 1.0)) * odds;
        }

        return T.IfGreater(tokens, 0.0, T.IfGreater(miss, AllTouchedMiss, expectedMax / expertsPerRank, allTouched), 0.0);
    }

    /// <summary>
    /// Attention weights of one layer on one GPU of an attention-TP group of <paramref name="tp"/>: the sharded ones / tp
    /// plus the replicated ones (<see cref="ParameterCounts.ReplicatedAttentionParamsPerLayer"/>, MLA's down-projections).
    /// </summary>
    public static double AttentionParamsPerGpu(in PackedModel m, double tp) =>
        ((m.AttentionParamsPerLayer - m.ReplicatedAttentionParamsPerLayer) / tp) + m.ReplicatedAttentionParamsPerLayer;

    /// <summary>Linear-layer parameters one token multiplies through (active parameters less the embedding lookup): 2 FLOPs each.</summary>
    public static double ActiveLinearParams(in PackedModel m) => m.ActiveParameters - m.EmbeddingParams;
}
