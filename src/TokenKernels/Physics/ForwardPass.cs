using TokenKernels.Packing;

namespace TokenKernels.Physics;

/// <summary>
/// One forward step of one pipeline stage on one GPU, for decode (many sequences, a few tokens each) or a prefill chunk
/// (one long run of tokens). Three kernel families run in turn, each against its own roofline: the dense GEMMs (with the
/// LM head) against the weights they read, the routed experts' grouped GEMMs against the experts they touch, and attention
/// against the KV it reads; each takes max(FLOPs / achieved FLOP/s, bytes / achieved HBM bandwidth) + a serial share of the
/// smaller, and the step adds them, (1 - overlap) x collectives, and per-layer, per-step and per-sequence overheads.
/// </summary>
internal static class ForwardPass
{
    /// <summary>
    /// Least share of peak HBM bandwidth that decode attention reaches reading the KV cache under the tuned CUDA stack on
    /// Hopper: FlashMLA's 3000 GB/s memory-bound on H800 SXM5 (deepseek-ai/FlashMLA README.md@26d3077) / H800's 3352 GB/s
    /// (hardware.csv).
    /// </summary>
    internal const double HopperTunedKvEfficiency = 3000.0 / 3352.0;

    /// <summary>
    /// What a step costs per unit of load on layout <paramref name="l"/>, for decode or prefill
    /// (<paramref name="prefill"/> picks the phase's efficiencies and MLA's non-absorbed attention width).
    /// </summary>
    public static StepCoefficients Coefficients(in PackedHardware hw, in PackedModel m, in Layout l, in PackedDeployment d, in PackedProfile p, bool prefill)
    {
        double stages = l.Pp;
        double layers = m.Layers / stages;
        double denseLayers = m.DenseLayers / stages;
        double moeLayers = m.MoeLayers / stages;
        double stageGpus = l.Gpus / stages;
        // Achieved efficiency per software stack x kernel family: the CUDA figures are the profile's own; on ROCm under a
        // general framework every rate takes the stack's scale, and the routed-expert kernels (grouped block-scaled GEMMs) and
        // decode attention (MLA/GQA KV reads and scores) a further family factor each; under an AITER-native engine every
        // rate takes that engine's one scale and no family factor (its AITER kernels replace the framework's).
        // A general framework on CUDA keeps the CUDA figures except for a MoE run without expert parallelism, whose routed
        // experts go through the framework's fused-MoE kernel.
        bool framework = hw.Stack == (int)SoftwarePlatform.Rocm;
        bool aiter = hw.Stack == (int)SoftwarePlatform.RocmAiter;
        double stack = framework ? p.RocmEfficiencyScale : aiter ? p.RocmAiterScale : 1.0;
        // The framework's fused-MoE factor stands for the Triton kernel its prior measured (block-scaled FP8). FP4 experts
        // take other kernels there: vLLM's MXFP4 MoE runs FlashInfer's TensorRT-LLM-gen MXFP4 x MXFP8 kernels on Blackwell
        // (the tuned kernels the CUDA figures stand for: no factor) and Marlin W4A16 or OpenAI's triton_kernels on Hopper
        // (vllm-project/vllm vllm/model_executor/layers/quantization/mxfp4.py @007d5005, get_mxfp4_backend; InferenceX
        // serves gpt-oss on B200 with VLLM_USE_FLASHINFER_MOE_MXFP4_MXFP8=1 and on H100 with VLLM_MXFP4_USE_MARLIN=1:
        // SemiAnalysisAI/InferenceX benchmarks/gptoss_fp4_b200.sh and gptoss_fp4_h100.sh @1fc5d73). W4A16 keeps the factor
        // on its dequantise-and-multiply FLOP rate but streams the 4-bit weights at the full rate: Marlin reaches close to
        // the ideal 4x over FP16 weights up to 16-32 tokens per weight (IST-DASLab/marlin README), a decode step's few
        // tokens per expert.
        bool frameworkMoe = hw.Stack == (int)SoftwarePlatform.CudaFramework && l.Ep == 1;
        bool fp4Experts = m.MoeLayers > 0 && d.WeightPrecision == Precision.Fp4;
        double moeFamily = framework ? p.RocmMoeGemmScale
            : frameworkMoe && !(fp4Experts && hw.HasFp4 != 0) ? p.FrameworkMoeGemmScale
            : 1.0;
        double attentionFamily = framework ? p.RocmAttentionScale : 1.0;

        // Attention's KV reads: the profile's figure, except that the tuned CUDA stack on Hopper (a part with FP8 and without
        // FP4 tensor cores) reads the cache at no less than a tuned Hopper decode kernel is measured to reach: FlashMLA, "up
        // to 3000 GB/s in memory-bound configuration" on H800 SXM5 (deepseek-ai/FlashMLA README.md@26d3077; hardware.csv),
        // of H800's 3.352 TB/s. TensorRT-LLM's Hopper GQA decode kernel is of the same build (XQA's mha_sm90.cu, "TMA+QGMMA",
        // cpp/kernels/xqa/README.md); no public bandwidth figure of its own was found, so FlashMLA's stands for it.
        bool hopperTuned = hw.Stack == (int)SoftwarePlatform.Cuda && hw.HasFp4 == 0 && hw.Fp8FlopsPerSecond > 0;
        double kvEfficiency = hopperTuned && p.KvMemoryEfficiency < HopperTunedKvEfficiency ? HopperTunedKvEfficiency : p.KvMemoryEfficiency;
        double computeEff = (prefill ? p.PrefillComputeEfficiency : p.DecodeComputeEfficiency) * stack;
        double memoryRate = hw.HbmBytesPerSecond * (prefill ? p.PrefillMemoryEfficiency : p.DecodeMemoryEfficiency) * stack;

        // Weight streaming: FP4 weights (block-scaled) reach a further share of that rate. In an FP4 MoE only the experts
        // are FP4 (attention and dense layers stay at higher precision).
        double weightRate = memoryRate * (d.WeightPrecision == Precision.Fp4 ? p.Fp4MemoryScale : 1.0);
        double fixedRate = m.MoeLayers > 0 ? memoryRate : weightRate;
        // An FP8 MoE checkpoint is block-scaled throughout (experts, shared experts, attention projections, dense layers):
        // on either ROCm stack its FP8 GEMMs take a further family factor, since CDNA applies FP32 block scales in software
        // once per 128-deep K block (per-tensor FP8 and MXFP4 scale once or in the instruction); the routed experts take it
        // on streaming their weights as well, like the framework's MoE factor.
        double blockFp8Family = (framework || aiter) && m.MoeLayers > 0 && d.WeightPrecision == Precision.Fp8 ? p.RocmBlockFp8MoeScale : 1.0;
        moeFamily *= blockFp8Family;
        // On a CUDA part without FP4 tensor cores (Hopper) an FP8 MLA MoE's routed experts stream their block-scaled weights
        // at a further share of that rate: Hopper's FP8 MMA applies no block scales, so the grouped GEMM rescales on CUDA cores
        // per 128-deep K block, with few tokens per expert to hide it behind (DeepGEMM's masked grouped GEMM at 256 tokens per
        // expert: 0.61 of H800's HBM bandwidth). Blackwell scales in the instruction. Only MLA models: the MLA MoEs served here
        // are DeepSeek-V3-architecture checkpoints, FP8 only as released, block-scaled (DeepSeek-V3/R1 and Kimi K2 config.json:
        // quantization_config fmt e4m3, weight_block_size [128, 128]); a GQA MoE's FP8 checkpoint may be per-tensor
        // (TensorRT-LLM's perf overview runs NVIDIA's ModelOpt Qwen3-235B-A22B-FP8, one scale per tensor).
        bool hopperBlockFp8 = !framework && !aiter && hw.HasFp4 == 0 && m.MoeLayers > 0 && m.AttentionKind == AttentionKind.Mla
            && d.WeightPrecision == Precision.Fp8;
        double expertRate = weightRate * (frameworkMoe && fp4Experts ? 1.0 : moeFamily) * (hopperBlockFp8 ? p.HopperBlockFp8StreamScale : 1.0);

        // GEMMs: 2 FLOPs per multiply-accumulate. Non-expert weights run at the non-expert precision, experts at the weight
        // precision. Per token of the busiest attention rank: attention and dense FFN over tp, shared experts and the router over
        // the rank's tp GPUs. Routed experts see the tokens of every busy dp rank, spread over the stage's GPUs (a lone
        // request's tokens come from one rank only, so the caller passes the tokens that meet the experts separately).
        Precision nonExpertPrecision = m.MoeLayers > 0 && d.WeightPrecision == Precision.Fp4 ? Precision.Fp8 : d.WeightPrecision;
        double nonExpertFlops = 2.0 * ((layers * ModelGeometry.AttentionParamsPerGpu(m, l.Tp)) + (denseLayers * m.DenseFfnParamsPerLayer / l.Tp));
        // Routed experts run as grouped GEMMs of a few tokens per expert, below dense GEMM efficiency; shared experts and the router are dense.
        double routedFlops = 2.0 * moeLayers * m.ExpertsPerToken * m.ExpertParams * p.MoeImbalance / stageGpus;
        double sharedFlops = 2.0 * moeLayers * (m.SharedExpertParamsPerLayer + m.RouterParamsPerLayer) / l.Tp;
        Precision expertPrecision = m.MoeLayers > 0 ? d.WeightPrecision : nonExpertPrecision;
        double bf16Rate = hw.Bf16FlopsPerSecond * computeEff;

        // Attention scores: GQA QK^T and AV over d + dv per head; MLA absorbed over (r_kv + d_rope) + r_kv per head in decode,
        // over (d_nope + d_rope) + dv per head in prefill (weights not absorbed there). They run on BF16 tensor cores whatever
        // the KV precision: FP8 KV is dequantised in the kernel (FlashMLA, DeepSeek's own decode kernel, is measured
        // compute-bound at 580 BF16 TFLOP/s on H800; hardware.csv). This only matters where attention is compute-bound, i.e.
        // MLA's absorbed decode at long context; GQA decode is bound by reading the cache. The LM head is BF16 too.
        // One exception: TensorRT-LLM's own generation kernels on Blackwell (the CUDA stack on a part with FP4 tensor cores,
        // the 5th generation) quantize Q to FP8 too when the cache is FP8 and run the decode scores as FP8 MQA (tech blog 3,
        // "FP8 KV Cache": "In the generation phase, both Q and KV are quantized to FP8, and FP8 Multi-Query Attention (MQA)
        // is used"; the context phase only writes the cache in FP8).
        // A deployment may also state an FP8 decode kernel (Deployment.Fp8Attention: FlashMLA-FP8 on Hopper, FP8 Q/KV on
        // WGMMA FP8, deepseek-ai/FlashMLA pull request 82, as Ant Group runs DeepSeek-R1 decode on H20).
        bool fp8Scores = !prefill && d.KvPrecision == Precision.Fp8
            && ((hw.Stack == (int)SoftwarePlatform.Cuda && hw.HasFp4 != 0) || d.Fp8Attention != 0);
        double scoreRate = (fp8Scores ? hw.Fp8FlopsPerSecond * computeEff : bf16Rate) * attentionFamily;
        double widthPerHead = m.AttentionKind == AttentionKind.Mla
            ? (prefill ? m.QkNopeHeadDim + m.QkRopeHeadDim + m.ValueHeadDim : (2.0 * m.KvLoraRank) + m.QkRopeHeadDim)
            : m.HeadDim + m.ValueHeadDim;

        // A layer's fixed cost: its small kernels and synchronisation, and MLA's extra decode kernels where the model has MLA.
        // A decode step that runs eagerly (no CUDA graph replay) launches every kernel of every layer from the host; its many
        // small kernels finish before the next is launched, so the host's dispatch adds to the step, once a layer, at any batch.
        // Prefill chunks run eagerly in every engine anyway, with kernels long enough to hide it: that term is decode's alone.
        double layerOverhead = p.LayerOverheadSeconds + (m.AttentionKind == AttentionKind.Mla ? p.MlaLayerOverheadSeconds : 0)
            + (prefill ? 0.0 : d.Eager * p.EagerLayerLaunchSeconds);
        var c = new StepCoefficients
        {
            Layers = layers,
            ComputePerToken = (nonExpertFlops / PrecisionMath.AchievedGemmFlops(hw, p, nonExpertPrecision, computeEff * (nonExpertPrecision == Precision.Fp8 ? blockFp8Family : 1.0)))
                + (sharedFlops / PrecisionMath.AchievedGemmFlops(hw, p, expertPrecision, computeEff * blockFp8Family)),
            ComputePerMoeToken = routedFlops / PrecisionMath.AchievedGemmFlops(hw, p, expertPrecision, computeEff * p.MoeGemmEfficiencyScale * moeFamily),

            // The LM head sits whole on the last stage, the one that paces the pipeline.
            ComputePerLogit = 2.0 * m.LmHeadParams / l.Tp / bf16Rate,
            ComputePerTokenContext = 2.0 * (m.QueryHeads / (double)l.Tp) * widthPerHead / scoreRate,
            MemoryFixed = MemoryPlan.WeightBytesPerGpu(m, l, d.WeightPrecision, 0, stored: false) / fixedRate,
            MemoryAllExperts = (MemoryPlan.WeightBytesPerGpu(m, l, d.WeightPrecision, MemoryPlan.HostedExpertsPerGpu(m, l), stored: false)
                - MemoryPlan.WeightBytesPerGpu(m, l, d.WeightPrecision, 0, stored: false)) / expertRate,
            ExpertMissLog = m.MoeLayers > 0 ? ModelGeometry.ExpertMissLog(m.RoutedExperts, m.ExpertsPerToken) : 0,
            ExpertsPerRank = (int)MemoryPlan.HostedExpertsPerGpu(m, l),
            ExpertRanks = m.MoeLayers > 0 ? l.Ep : 1,
            MemoryLmHead = m.LmHeadParams / l.Tp * 2.0 / fixedRate,
            MemoryPerSequenceContext = MemoryPlan.KvBytesPerSequencePerGpu(m, l, d.KvPrecision, 1.0) / layers / (hw.HbmBytesPerSecond * kvEfficiency * stack * attentionFamily),
            OverheadFixed = (layerOverhead * layers) + (p.StepOverheadSeconds / stages),
            OverheadPerDraft = p.DraftOverheadSeconds,
            OverheadPerLayer = layerOverhead,
            OverheadPerSequence = p.SequenceOverheadSeconds,
            RooflineSerialShare = p.RooflineSerialShare,
        };

        // Collectives, linear in the tokens they move: activations in BF16 (2 B per value); MoE dispatch in FP8 (1 B),
        // combine in BF16 (2 B). TP all-reduces after attention and after each dense FFN. Per token of the busiest rank,
        // except the experts' own TP all-reduce, which moves every token that meets the experts.
        double perToken = 0;
        double perMoeToken = 0;
        double fixedLatency = 0;
        double activationBytes = m.Hidden * 2.0;
        if (l.Tp > 1)
        {
            double count = layers + denseLayers;
            perToken += count * Communication.AllReduceSecondsPerByte(hw, p, l.Tp) * activationBytes;
            fixedLatency += count * Communication.CollectiveLatency(hw, p, l.Tp);
        }

        if (moeLayers > 0 && l.Dp == 1 && stageGpus > 1)
        {
            // Without attention DP every GPU of the stage holds every token after the attention all-reduce, so no token is
            // dispatched: each GPU runs its experts (its EP share, sliced MoE-TP ways) on the tokens routed to them, reduces
            // locally, and one all-reduce over the stage sums the routed and shared experts' outputs (TensorRT-LLM tech blog 1,
            // DeepSeek-R1 min latency on 8 B200 at attention TP8 with MoE TP4 x EP2: "localReduction, oneshotAllReduce and
            // Add_RMSNorm" in one kernel after the sparse experts; the CUTLASS flow "applies indexed local reduction on each
            // expert's outputs before a global allreduce"). One all-reduce per MoE layer, whatever the EP x MoE-TP split.
            perToken += moeLayers * Communication.AllReduceSecondsPerByte(hw, p, stageGpus) * activationBytes;
            fixedLatency += moeLayers * Communication.CollectiveLatency(hw, p, stageGpus);
        }
        else if (moeLayers > 0 && l.MoeTp > 1)
        {
            perMoeToken += moeLayers * Communication.AllReduceSecondsPerByte(hw, p, l.MoeTp) / l.Ep * activationBytes;
            fixedLatency += moeLayers * Communication.CollectiveLatency(hw, p, l.MoeTp);
        }

        if (moeLayers > 0 && l.Ep > 1 && l.Dp > 1)
        {
            // Each GPU of a rank dispatches its share (1 / tp) of the rank's tokens.
            perToken += moeLayers / (double)l.Tp * Communication.AllToAllSecondsPerTokenByte(hw, p, stageGpus, m.ExpertsPerToken, nodeLimited: prefill) * (m.Hidden * 3.0);
            // Dispatch and combine each wait on a barrier over the EP group: inside a domain that pair costs ~50 us at any
            // small batch (TensorRT-LLM tech blog 18's NVLinkOneSided table), more than two generic collective latencies.
            fixedLatency += moeLayers * Communication.AllToAllPairLatency(hw, p, stageGpus);
        }

        if (l.Pp > 1)
        {
            perToken += Communication.LinkSecondsPerByte(hw, p, l.Gpus) * activationBytes;
            fixedLatency += Communication.CollectiveLatency(hw, p, l.Gpus);
        }

        c.NetworkPerToken = perToken * (1.0 - p.CommunicationOverlap);
        c.NetworkPerMoeToken = perMoeToken * (1.0 - p.CommunicationOverlap);
        c.NetworkFixed = fixedLatency * (1.0 - p.CommunicationOverlap);

        // An engine build released before the engines' current generation runs every part of a decode step slower by one
        // factor (EngineRelease.StepScale; 1 for a current or unstated release): each time coefficient takes it, so a
        // decode step, a draft step and every roofline of them scale by it (each is homogeneous of degree 1 in these
        // terms). Prefill chunks keep today's figures: the evidence is decode's (dstack's early-2025 TPOTs, TensorRT-LLM's
        // B200 decode steps of May 2025), and prefill runs large GEMMs whose libraries were mature before these engines.
        double era = prefill ? 1.0 : EngineRelease.StepScale(d.EngineReleaseMonth, p.EarlyEngineStepScale);
        c.ComputePerToken *= era;
        c.ComputePerMoeToken *= era;
        c.ComputePerLogit *= era;
        c.ComputePerTokenContext *= era;
        c.MemoryFixed *= era;
        c.MemoryAllExperts *= era;
        c.MemoryLmHead *= era;
        c.MemoryPerSequenceContext *= era;
        c.NetworkPerToken *= era;
        c.NetworkPerMoeToken *= era;
        c.NetworkFixed *= era;
        c.OverheadFixed *= era;
        c.OverheadPerDraft *= era;
        c.OverheadPerLayer *= era;
        c.OverheadPerSequence *= era;
        return c;
    }

    /// <summary>
    /// Terms of one stage step. <paramref name="tokensPerRank"/>: query tokens the busiest attention rank processes (decode:
    /// sequences x tokens verified); <paramref name="sequencesPerRank"/>: sequences whose KV that rank reads;
    /// <paramref name="logitsPerRank"/>: tokens that need logits (decode: every token; prefill: the last of each prompt);
    /// <paramref name="contextTokenLayers"/>: KV token-layers of the stage each query attends to
    /// (<see cref="ModelGeometry.KvTokenLayers"/> of the mean context); <paramref name="moeTokens"/>: tokens of every busy
    /// rank that meet the stage's experts (a lone request: its own tokens; a full batch: every rank's).
    /// </summary>
    public static StepTerms Step(in StepCoefficients c, double tokensPerRank, double sequencesPerRank, double logitsPerRank, double contextTokenLayers, double moeTokens)
    {
        return StepTerms.From(Step<Lane1>(c, tokensPerRank, sequencesPerRank, logitsPerRank, contextTokenLayers, moeTokens));
    }

    /// <summary><see cref="Step(in StepCoefficients, double, double, double, double, double)"/> in every lane.</summary>
    public static StepTerms<T> Step<T>(in StepCoefficients c, T tokensPerRank, T sequencesPerRank, T logitsPerRank, T contextTokenLayers, T moeTokens)
        where T : struct, ILanes<T>
    {
        // The routed experts' weights are read as the busiest expert-parallel rank reads them (the layer waits for it).
        T touchedShare = c.MemoryAllExperts > 0
            ? ModelGeometry.BusiestRankTouchedShare(c.ExpertMissLog, moeTokens, c.ExpertsPerRank, c.ExpertRanks)
            : 0.0;
        // Three kernel families run one after another in every layer, each against its own roofline: the dense GEMMs
        // (attention projections, dense FFN, shared experts, router, LM head) against the weights they read, the routed
        // experts' grouped GEMMs against the experts they touch, and attention against the KV it reads.
        T gemmCompute = (tokensPerRank * c.ComputePerToken) + (logitsPerRank * c.ComputePerLogit);
        T expertCompute = moeTokens * c.ComputePerMoeToken;
        T attentionCompute = tokensPerRank * contextTokenLayers * c.ComputePerTokenContext;
        T expertMemory = touchedShare * c.MemoryAllExperts;
        T attentionMemory = sequencesPerRank * contextTokenLayers * c.MemoryPerSequenceContext;
        T compute = gemmCompute + expertCompute + attentionCompute;
        T memory = c.MemoryFixed + expertMemory + attentionMemory;
        T network = (tokensPerRank * c.NetworkPerToken) + (moeTokens * c.NetworkPerMoeToken) + c.NetworkFixed;
        T overhead = c.OverheadFixed + (sequencesPerRank * c.OverheadPerSequence);
        T kernels = Roofline(gemmCompute, (T)c.MemoryFixed, c.RooflineSerialShare) + Roofline(expertCompute, expertMemory, c.RooflineSerialShare)
            + Roofline(attentionCompute, attentionMemory, c.RooflineSerialShare);
        return new StepTerms<T>
        {
            ComputeSeconds = compute,
            MemorySeconds = memory,
            NetworkSeconds = network,
            OverheadSeconds = overhead,
            Seconds = kernels + network + overhead,
            Bound = LargestTerm(compute, memory, network, overhead),
        };
    }

    /// <summary>
    /// Seconds of one draft (MTP) step on the last stage: one transformer block (a layer's share of the stage's weights,
    /// GEMMs, KV and collectives for one token per sequence), then the whole LM head again (its weights and a logit per
    /// sequence) and the overheads of a draft (its own fixed cost, one layer, per sequence). DeepSeek's MTP module is one
    /// block sharing the main model's embedding and output head, so every draft re-reads the LM head.
    /// </summary>
    public static T DraftStep<T>(in StepCoefficients c, T sequencesPerRank, T contextTokenLayers, T moeTokens)
        where T : struct, ILanes<T>
    {
        double share = 1.0 / c.Layers;
        T touchedShare = c.MemoryAllExperts > 0 ? ModelGeometry.BusiestRankTouchedShare(c.ExpertMissLog, moeTokens, c.ExpertsPerRank, c.ExpertRanks) : 0.0;
        T gemmCompute = (share * sequencesPerRank * c.ComputePerToken) + (sequencesPerRank * c.ComputePerLogit);
        T gemmMemory = (share * (c.MemoryFixed - c.MemoryLmHead)) + c.MemoryLmHead;
        T expertCompute = share * moeTokens * c.ComputePerMoeToken;
        T expertMemory = share * touchedShare * c.MemoryAllExperts;
        T attentionCompute = share * sequencesPerRank * contextTokenLayers * c.ComputePerTokenContext;
        T attentionMemory = share * sequencesPerRank * contextTokenLayers * c.MemoryPerSequenceContext;
        T network = share * ((sequencesPerRank * c.NetworkPerToken) + (moeTokens * c.NetworkPerMoeToken) + c.NetworkFixed);
        T overhead = c.OverheadPerDraft + c.OverheadPerLayer + (sequencesPerRank * c.OverheadPerSequence);
        return Roofline(gemmCompute, gemmMemory, c.RooflineSerialShare) + Roofline(expertCompute, expertMemory, c.RooflineSerialShare)
            + Roofline(attentionCompute, attentionMemory, c.RooflineSerialShare) + network + overhead;
    }

    /// <summary>
    /// Combines compute and memory time: max(c, m) + serial share x min(c, m). A share of 0 is the ideal roofline
    /// max(c, m); the result is never below either term.
    /// </summary>
    public static T Roofline<T>(T compute, T memory, double serialShare)
        where T : struct, ILanes<T> =>
        T.Max(compute, memory) + (serialShare * T.Min(compute, memory));

    /// <summary>Index (<see cref="Bound"/>) of the largest of compute, memory, network, overhead; ties go to the first.</summary>
    public static T LargestTerm<T>(T compute, T memory, T network, T overhead)
        where T : struct, ILanes<T>
    {
        T bound = T.IfGreater(memory, compute, 1.0, 0.0);
        T best = T.IfGreater(memory, compute, memory, compute);
        bound = T.IfGreater(network, best, 2.0, bound);
        best = T.IfGreater(network, best, network, best);
        return T.IfGreater(overhead, best, 3.0, bound);
    }
}
