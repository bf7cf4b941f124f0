using TokenKernels.Packing;

namespace TokenKernels.Physics;

/// <summary>
/// One forward step of one pipeline stage on one GPU, for decode (many sequences, a few tokens each) or a prefill chunk
/// (one long run of tokens). Time = smooth max(FLOPs / achieved FLOP/s, bytes / achieved HBM bandwidth)
/// + (1 - overlap) x collectives + per-layer and per-step overheads.
/// </summary>
internal static class ForwardPass
{
    /// <summary>
    /// Terms of one stage step.
    /// <paramref name="tokensPerRank"/>: query tokens each attention rank processes (decode: sequences x tokens verified);
    /// <paramref name="sequencesPerRank"/>: sequences whose KV each rank reads; <paramref name="context"/>: mean tokens
    /// already in each sequence's KV cache, which every query attends to.
    /// </summary>
    public static StepTerms Step(
        in PackedHardware hw,
        in PackedModel m,
        in Layout l,
        in PackedDeployment d,
        in PackedProfile p,
        bool prefill,
        double tokensPerRank,
        double sequencesPerRank,
        double context)
    {
        double stages = l.Pp;
        double layers = m.Layers / stages;
        double denseLayers = m.DenseLayers / stages;
        double moeLayers = m.MoeLayers / stages;
        double stageGpus = l.Gpus / stages;
        double computeEff = prefill ? p.PrefillComputeEfficiency : p.DecodeComputeEfficiency;
        double memoryEff = prefill ? p.PrefillMemoryEfficiency : p.DecodeMemoryEfficiency;

        // Every token of every attention rank meets the MoE layers of the stage.
        double moeTokens = tokensPerRank * l.Dp;
        double touched = 0;
        if (m.MoeLayers > 0)
        {
            touched = MemoryPlan.HostedExpertsPerGpu(m, l)
                * (1.0 - Math.Pow(1.0 - (m.ExpertsPerToken / (double)m.RoutedExperts), moeTokens));
        }

        double weightBytes = MemoryPlan.WeightBytesPerGpu(m, l, d.WeightPrecision, touched, stored: false);
        double kvBytes = sequencesPerRank * MemoryPlan.KvBytesPerSequencePerGpu(m, l, d.KvPrecision, context);

        // FLOPs: 2 per multiply-accumulate. Non-expert GEMMs run at the non-expert precision, experts at the weight precision,
        // the LM head and attention scores in BF16.
        double attnLinear = 2.0 * tokensPerRank * layers * m.AttentionParamsPerLayer / l.Tp;
        double denseFfn = 2.0 * tokensPerRank * denseLayers * m.DenseFfnParamsPerLayer / l.Tp;
        double experts = 2.0 * moeTokens * moeLayers
            * ((m.ExpertsPerToken * m.ExpertParams * p.MoeImbalance) + m.SharedExpertParamsPerLayer + m.RouterParamsPerLayer) / stageGpus;
        // Prefill needs logits for the last prompt token only; decode for every verified token.
        double logitTokens = prefill ? sequencesPerRank : tokensPerRank;
        double lmHead = 2.0 * logitTokens * m.LmHeadParams / l.Tp / stages;

        // Attention scores: GQA QK^T and AV over d + dv per head; MLA absorbed over (r_kv + d_rope) + r_kv per head in decode,
        // and over (d_nope + d_rope) + dv per head in prefill (weights not absorbed there).
        double widthPerHead = m.AttentionKind == 1
            ? (prefill ? m.QkNopeHeadDim + m.QkRopeHeadDim + m.ValueHeadDim : (2.0 * m.KvLoraRank) + m.QkRopeHeadDim)
            : m.HeadDim + m.ValueHeadDim;
        double attnScores = 2.0 * tokensPerRank * (m.QueryHeads / (double)l.Tp) * widthPerHead * ModelGeometry.KvTokenLayers(m, context, layers);

        int nonExpertPrecision = m.MoeLayers > 0 && d.WeightPrecision == 2 ? 1 : d.WeightPrecision;
        double compute = ((attnLinear + denseFfn) / PrecisionMath.AchievedGemmFlops(hw, p, nonExpertPrecision, computeEff))
            + (experts / PrecisionMath.AchievedGemmFlops(hw, p, m.MoeLayers > 0 ? d.WeightPrecision : nonExpertPrecision, computeEff))
            + ((lmHead + attnScores) / (hw.Bf16FlopsPerSecond * computeEff));
        double memory = (weightBytes + kvBytes) / (hw.HbmBytesPerSecond * memoryEff);

        // Collectives: activations travel in BF16 (2 B per value); MoE dispatch in FP8 (1 B), combine in BF16.
        double activationBytes = tokensPerRank * m.Hidden * 2.0;
        double tpAllReduces = l.Tp > 1 ? layers + denseLayers : 0;
        double network = tpAllReduces * Communication.AllReduceSeconds(hw, p, l.Tp, activationBytes);
        if (moeLayers > 0)
        {
            if (l.MoeTp > 1)
            {
                network += moeLayers * Communication.AllReduceSeconds(hw, p, l.MoeTp, moeTokens / l.Ep * m.Hidden * 2.0);
            }

            if (l.Ep > 1)
            {
                double tokensPerGpu = moeTokens / stageGpus;
                network += moeLayers * (Communication.AllToAllSeconds(hw, p, stageGpus, tokensPerGpu, m.ExpertsPerToken, m.Hidden * 1.0)
                    + Communication.AllToAllSeconds(hw, p, stageGpus, tokensPerGpu, m.ExpertsPerToken, m.Hidden * 2.0));
            }
        }

        if (l.Pp > 1)
        {
            network += Communication.PipelineSendSeconds(hw, p, l.Gpus, activationBytes);
        }

        double exposedNetwork = network * (1.0 - p.CommunicationOverlap);
        double overhead = (p.LayerOverheadSeconds * layers) + (p.StepOverheadSeconds / stages) + (p.SequenceOverheadSeconds * sequencesPerRank);

        var t = new StepTerms
        {
            Flops = attnLinear + denseFfn + experts + lmHead + attnScores,
            WeightBytes = weightBytes,
            KvBytes = kvBytes,
            ComputeSeconds = compute,
            MemorySeconds = memory,
            NetworkSeconds = exposedNetwork,
            OverheadSeconds = overhead,
            Seconds = Roofline(compute, memory, p.RooflineExponent) + exposedNetwork + overhead,
        };
        t.Bound = LargestTerm(compute, memory, exposedNetwork, overhead);
        return t;
    }

    /// <summary>
    /// Combines compute and memory time: max x (1 + (min/max)^n)^(1/n), a smooth maximum that equals max(c, m) as n grows
    /// (n = infinity gives the ideal roofline) and is always at least max(c, m).
    /// </summary>
    public static double Roofline(double compute, double memory, double exponent)
    {
        double big = Math.Max(compute, memory);
        if (big <= 0)
        {
            return 0;
        }

        double ratio = Math.Min(compute, memory) / big;
        return big * Math.Pow(1.0 + Math.Pow(ratio, exponent), 1.0 / exponent);
    }

    /// <summary>Index (<see cref="Bound"/>) of the largest of compute, memory, network, overhead; ties go to the first.</summary>
    public static int LargestTerm(double compute, double memory, double network, double overhead)
    {
        int bound = 0;
        double best = compute;
        if (memory > best)
        {
            bound = 1;
            best = memory;
        }

        if (network > best)
        {
            bound = 2;
            best = network;
        }

        if (overhead > best)
        {
            bound = 3;
        }

        return bound;
    }
}
