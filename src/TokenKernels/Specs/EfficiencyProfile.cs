namespace TokenKernels;

/// <summary>
/// What a serving engine achieves of the hardware's peaks, and what it costs beyond them. Each parameter has a physical
/// meaning; <c>Calibration</c> fits them to published measurements. The defaults are round engineering priors, used
/// only until the calibrated profile (<c>EfficiencyProfile.Default</c>, declared by <c>EfficiencyProfileDefaults</c> above Specs) is loaded.
/// </summary>
public sealed record EfficiencyProfile
{
    /// <summary>Fraction of dense peak FLOP/s reached by decode GEMMs and attention (0-1].</summary>
    public double DecodeComputeEfficiency { get; init; } = 0.5;

    /// <summary>Fraction of HBM bandwidth reached while streaming weights and KV in decode (0-1].</summary>
    public double DecodeMemoryEfficiency { get; init; } = 0.8;

    /// <summary>Fraction of HBM bandwidth reached reading the KV cache in attention kernels (paged, scattered reads) (0-1].</summary>
    public double KvMemoryEfficiency { get; init; } = 0.7;

    /// <summary>Fraction of dense peak FLOP/s reached in prefill (0-1].</summary>
    public double PrefillComputeEfficiency { get; init; } = 0.6;

    /// <summary>Fraction of HBM bandwidth reached in prefill (0-1].</summary>
    public double PrefillMemoryEfficiency { get; init; } = 0.8;

    /// <summary>
    /// Factor 0-1 on every compute and HBM efficiency on AMD accelerators: how far the ROCm software stack stands from what
    /// the CUDA stack reaches of the same peaks (dense GEMMs, weight streaming); routed-expert GEMMs and decode attention
    /// take a further factor each (<see cref="RocmMoeGemmScale"/>, <see cref="RocmAttentionScale"/>).
    /// </summary>
    public double RocmEfficiencyScale { get; init; } = 0.8;

    /// <summary>
    /// Further factor 0-1 on the routed-expert kernels on AMD accelerators (grouped, block-scaled FP8/FP4 MoE GEMMs: their
    /// FLOP rate and the HBM rate of streaming expert weights), on top of <see cref="RocmEfficiencyScale"/>. Prior 0.64:
    /// large FP8 GEMMs reach 1,159 of 2,615 TFLOP/s (44 %) on MI300X with hipBLASLt against 1,366 of 1,979 (69 %) on H200
    /// with cuBLASLt (Azure ND v5 benchmark results, github.com/samuel-bohman/AI-benchmarking-guide, Azure_Results);
    /// no public grouped-GEMM figure for ROCm was found, so the dense gap stands for the grouped one.
    /// </summary>
    public double RocmMoeGemmScale { get; init; } = 0.64;

    /// <summary>
    /// Further factor 0-1 on decode attention on AMD accelerators (MLA and GQA: the HBM rate of reading the KV cache and
    /// the score FLOP rate), on top of <see cref="RocmEfficiencyScale"/>. Prior 0.76: FlashAttention-2 reaches 328.6 of
    /// 1,307 BF16 TFLOP/s (25 %) on MI300X against 329.3 of 989 (33 %) on H200 (same Azure ND v5 results); FlashMLA reaches
    /// 3,000 GB/s and 580-660 TFLOP/s on H800 (deepseek-ai/FlashMLA), AITER's MLA decode on MI300X is published only as
    /// speed-ups over PyTorch (5.1-6.6x, ROCm AI developer hub), not as a share of peak.
    /// </summary>
    public double RocmAttentionScale { get; init; } = 0.76;

    /// <summary>
    /// Factor 0-1 on every compute and HBM efficiency on ROCm under an AITER-native engine (<see cref="SoftwarePlatform.RocmAiter"/>,
    /// ATOM), in place of <see cref="RocmEfficiencyScale"/> and the family factors: such an engine runs every operator as an
    /// AITER ASM/CK kernel, and AITER's published speed-ups over the framework kernels (block-scale GEMM up to 2x, block-scale
    /// fused MoE up to 3x, MLA decode up to 17x; ROCm blog "AITER: AI Tensor Engine for ROCm") exceed the family gaps of
    /// <see cref="RocmMoeGemmScale"/> and <see cref="RocmAttentionScale"/>, so what remains is the hardware's own distance.
    /// Prior 0.89: STREAM triad reaches 4.09 of 5.3 TB/s (77 %) on MI300X against 4.15 of 4.8 (86.5 %) on H200 (Azure ND
    /// v5 benchmark results, github.com/samuel-bohman/AI-benchmarking-guide, Azure_Results, the source of the family priors).
    /// </summary>
    public double RocmAiterScale { get; init; } = 0.89;

    /// <summary>
    /// Factor 0-1 on the routed-expert kernels (their FLOP rate and the HBM rate of streaming expert weights) of a general
    /// framework on CUDA (<see cref="SoftwarePlatform.CudaFramework"/>: vLLM, SGLang) running a MoE without expert
    /// parallelism, where the experts go through the framework's fused-MoE kernel (Triton, block-scaled FP8) instead of
    /// the tuned grouped GEMMs (CUTLASS, DeepGEMM) the CUDA figures stand for. Prior 0.42: vLLM's Triton block-FP8 W8A8
    /// GEMM reaches 406.5 TFLOP/s on H100 for DeepSeek-V3's N=2112, K=7168 at M=8192 (vllm-project/vllm pull request
    /// 23280, its benchmark table), DeepGEMM 969.8 TFLOP/s for a DeepSeek-V3 shape at M=1024, N=18432, K=7168 (vllm-project/vllm
    /// pull request 13917, same H100): 406.5 / 969.8 = 0.42. FP4 experts are not that kernel: on a part with FP4 tensor
    /// cores vLLM runs FlashInfer's TensorRT-LLM-gen MXFP4 MoE (no factor), without them Marlin W4A16 or OpenAI's
    /// triton_kernels, which take the factor on their FLOP rate only (ForwardPass).
    /// </summary>
    public double FrameworkMoeGemmScale { get; init; } = 0.42;

    /// <summary>
    /// Factor 0-1 on the share of link bandwidth collectives reach (<see cref="CollectiveEfficiency"/>) on ROCm stacks
    /// (RCCL all-reduce, MoRI all-to-all over Infinity Fabric and RoCE). Prior 0.66: RCCL all-reduce reaches a bus
    /// bandwidth of 316.82 GB/s on 8 MI300X (448 GB/s of Infinity Fabric per GPU: 0.707 of it) against NCCL's 479.98 GB/s
    /// on 8 H200 (450 GB/s of NVLink: 1.067 of it, NVLS reducing in the switch), both at 8 GB messages (Azure ND v5
    /// benchmark results, github.com/samuel-bohman/AI-benchmarking-guide, Azure_Results, the source of the ROCm kernel
    /// priors): 0.707 / 1.067 = 0.66.
    /// </summary>
    public double RocmCollectiveScale { get; init; } = 0.66;

    /// <summary>
    /// Further factor 0-1 on the FP8 GEMMs of an FP8 MoE checkpoint on ROCm, under either ROCm stack: the FLOP rate of every
    /// FP8 GEMM (routed and shared experts, router, attention projections, dense layers; not the BF16 LM head or attention
    /// scores) and the HBM rate of streaming routed-expert weights, on top of the stack's own factors. Every FP8 MoE
    /// checkpoint served here is block-scaled throughout (DeepSeek-V3/R1, Kimi K2 and Qwen3-FP8: one FP32 scale per 128 x 128
    /// weight block and per 128 activations; InferenceX's MI325X DeepSeek-R1 decode trace runs q_a, kv_a, o_proj and the
    /// dense and shared FFNs as AITER "A8W8 blockscale" GEMMs, SemiAnalysisAI/InferenceX issue 863);
    /// CDNA has no matrix instruction that applies FP32 block scales, so the kernel rescales its accumulators in software once
    /// per 128-deep K block, where per-tensor FP8 scales once after the loop and MXFP4 (gpt-oss) scales in the instruction
    /// (CDNA4's scaled MFMA takes E8M0 scales). Prior 0.82: HipKittens' block-scaled FP8 GEMM reaches 963 TFLOP/s on MI300X
    /// against 1,159 for hipBLASLt's per-tensor FP8 GEMM (Azure ND v5 results, as for <see cref="RocmMoeGemmScale"/>): 0.83;
    /// and 1,859 TFLOP/s on MI355X with FP32 block scales against 2,298 with power-of-two (E8M0) scales the MFMA applies:
    /// 0.81 (HazyResearch/HipKittens pull request 76, its benchmark table).
    /// </summary>
    public double RocmBlockFp8MoeScale { get; init; } = 0.82;

    /// <summary>
    /// Factor 0-1 on the HBM rate of streaming routed-expert weights of an FP8 MoE checkpoint (block-scaled: one FP32 scale
    /// per 128 x 128 weight block, see <see cref="RocmBlockFp8MoeScale"/>) on a CUDA part without FP4 tensor cores (Hopper:
    /// H100, H200, H20, H800), under either CUDA stack. Hopper's FP8 MMA applies no block scales, so a block-scaled grouped
    /// GEMM promotes and rescales its accumulators on CUDA cores once per 128-deep K block (DeepGEMM's "CUDA-core two-level
    /// accumulation"), and at decode's few tokens per expert each expert's tile has little else to hide that behind: the
    /// weight stream runs below what a dense GEMM of the same bytes reaches. Prior 0.77: DeepGEMM's masked grouped GEMM
    /// (the decode layout) reaches 2,064 and 2,047 GB/s at 256 tokens per expert for DeepSeek-V3's two expert shapes
    /// (N 4096, K 7168 and N 7168, K 2048) on H800, 0.613 of its 3,352 GB/s (deepseek-ai/DeepGEMM README, Performance,
    /// "Grouped GEMMs for MoE models (masked layout)", as released 2025-02-26; the smallest tokens per expert it lists),
    /// against the 0.8 prior of <see cref="DecodeMemoryEfficiency"/> for dense weight streaming: 0.613 / 0.8 = 0.77.
    /// Blackwell applies block scales in the MMA instruction, so it takes no such factor.
    /// </summary>
    public double HopperBlockFp8StreamScale { get; init; } = 0.77;

    /// <summary>Extra factor on compute efficiency when running FP4 tensor cores (newer kernels reach less of the FP4 peak) (0-1].</summary>
    public double Fp4ComputeScale { get; init; } = 0.8;

    /// <summary>
    /// Extra factor on the HBM efficiency of streaming FP4 weights (0-1]: block-scaled FP4 GEMV/GEMM kernels unpack values
    /// and per-16 scales and reach less of the bandwidth than FP8 or BF16 weight streaming.
    /// </summary>
    public double Fp4MemoryScale { get; init; } = 0.9;

    /// <summary>Fraction of link bandwidth collectives reach (0-1].</summary>
    public double CollectiveEfficiency { get; init; } = 0.7;

    /// <summary>Fixed latency of one collective inside the scale-up domain (NVLink / Infinity Fabric).</summary>
    public Duration ScaleUpLatency { get; init; } = Duration.FromMicroseconds(10);

    /// <summary>Fixed latency of one collective across scale-out (InfiniBand / RoCE).</summary>
    public Duration ScaleOutLatency { get; init; } = Duration.FromMicroseconds(30);

    /// <summary>
    /// Fixed time of one MoE all-to-all pair (dispatch and combine) per MoE layer inside the scale-up domain, the time those
    /// kernels take with almost nothing to move (two barriers over the EP group and their launches). Prior 49.9 us: TensorRT-LLM
    /// tech blog 18 ("Optimizing MoE Communication with One-Sided AlltoAll Over NVLink", NVIDIA/TensorRT-LLM@22de8b34,
    /// docs/source/blogs/tech_blog/blog18_Optimizing_MoE_Communication_with_One_Sided_AlltoAll_Over_NVLink.md),
    /// NVLinkOneSided on GB200 NVL72 with DeepSeek-V3's hidden 7168 and top-8, EP 8,
    /// batch 1: dispatch 18.9 us + combine 31.0 us (the same table stays within 17.6-22.3 us and 31.0-34.1 us up to 64
    /// tokens per rank, and 18.8-27.8 us and 30.8-32.6 us at batch 1 for EP 16 to 64).
    /// </summary>
    public Duration AllToAllLatency { get; init; } = Duration.FromMicroseconds(49.9);

    /// <summary>Share 0-1 of communication hidden behind compute (two-batch overlap, comm/compute streams).</summary>
    public double CommunicationOverlap { get; init; }

    /// <summary>Fixed cost of one forward step: scheduling, sampling, kernel launches not hidden by CUDA graphs.</summary>
    public Duration StepOverhead { get; init; } = Duration.FromMilliseconds(1.5);

    /// <summary>Fixed cost per layer per forward step (small kernels, synchronisation).</summary>
    public Duration LayerOverhead { get; init; } = Duration.FromMicroseconds(15);

    /// <summary>
    /// Further fixed cost per layer per forward step of a model with multi-head latent attention (MLA): the kernels its
    /// decode path runs beyond a GQA block's (q and kv latent RMSNorms, the q up-projection, the UK and UV batched GEMMs
    /// around the absorbed attention, KV concat with RoPE; TensorRT-LLM tech blog 1, "Pushing Latency Boundaries", its
    /// modules 2-5 and 7 of a DeepSeek-R1 layer), latency-bound at small batch. Prior 30 µs: four such kernels at 7.5 µs
    /// each, the time of TensorRT-LLM's fused DeepSeek-R1 top-k routing on B200 (two kernels, 15 µs; tech blog 3,
    /// "Optimizing DeepSeek R1 Throughput on NVIDIA Blackwell GPUs", Top-K Kernels Fusions).
    /// </summary>
    public Duration MlaLayerOverhead { get; init; } = Duration.FromMicroseconds(30);

    /// <summary>
    /// Fixed cost of one draft (MTP) step besides its block's layer overheads: preparing its input from the last accepted
    /// token and hidden state, sampling the draft, the launches. A draft runs inside the scheduler iteration of the step it
    /// drafts for (TensorRT-LLM captures the verification and every draft in one CUDA graph; tech blog 2, "DeepSeek R1 MTP
    /// Implementation and Optimization"), so it pays this in place of <see cref="StepOverhead"/>. Prior 0.5 ms: on 8 B200 at
    /// batch 1 TensorRT-LLM's DeepSeek-R1 gives 111 tok/s/user without MTP and 198, 250, 253 with 1, 2, 3 drafts accepting
    /// 1.92, 2.58, 2.82 (tech blog 1, "Pushing Latency Boundaries", MTP table): 1.92 / 198 - 1 / 111 = 0.69 ms per draft,
    /// (2.58 / 250 - 1 / 111) / 2 = 0.66 ms, (2.82 / 253 - 1 / 111) / 3 = 0.71 ms, of which about 0.15 ms is one of the
    /// step's 61 layers (9.0 ms / 61).
    /// </summary>
    public Duration DraftOverhead { get; init; } = Duration.FromMilliseconds(0.5);

    /// <summary>Fixed cost per sequence per forward step on one rank: scheduling, sampling and bookkeeping that grow with the batch.</summary>
    public Duration SequenceOverhead { get; init; } = Duration.FromMicroseconds(3);

    /// <summary>
    /// Host-side cost per layer of a decode step that runs eagerly (no CUDA graph replay; <see cref="Deployment.CudaGraphs"/>
    /// false): the framework dispatches each of the layer's kernels one by one from Python, and a decode layer's many small
    /// kernels finish sooner than the host launches the next, so the GPU waits for the host. Prior 0.69 ms: SGLang PR #1401
    /// (2024-09-12, bench_latency, batch 1, 128 input tokens, Triton MLA) decodes DeepSeek-Coder-V2-Lite (27 layers) in
    /// 6.22 ms a step with CUDA graphs and about 4x that (the PR's own heading, "4x faster") without, so
    /// (4 x 6.22 - 6.22) / 27 = 0.69 ms a layer of PyTorch eager dispatch for a DeepSeek MLA + MoE layer.
    /// </summary>
    public Duration EagerLayerLaunch { get; init; } = Duration.FromMilliseconds(0.69);

    /// <summary>
    /// Factor (>= 1) on every time of a decode step (kernels, collectives, overheads) of an engine build released before
    /// the engines' current generation (September 2025, TensorRT-LLM 1.0; a release not stated is current and takes no
    /// factor; prefill chunks take none). Fitted on the rows that state an early release (CSV column engine_release). Prior
    /// 1.2, a round value; TensorRT-LLM tech blog 3 (2025-05-30) bounds it from above: DeepSeek-R1 on the same 8 B200 went
    /// from about 2,000 to 4,600 TPS/GPU between February and May 2025 (2.3x, engine and settings together). Started from
    /// 2.3 the fit settles in a worse local minimum (2026-12-04 trial), so the prior stays near 1.
    /// </summary>
    public double EarlyEngineStepScale { get; init; } = 1.2;

    /// <summary>Factor 0-1 on compute efficiency for routed-expert grouped GEMMs (many small per-expert GEMMs) relative to dense GEMMs.</summary>
    public double MoeGemmEfficiencyScale { get; init; } = 0.8;

    /// <summary>Load imbalance of routed experts: the busiest EP rank's work over the mean (>= 1).</summary>
    public double MoeImbalance { get; init; } = 1.2;

    /// <summary>
    /// Share 0-1 of the smaller of compute and memory time that is not hidden behind the larger, in each kernel family of a
    /// step (dense GEMMs, routed experts, attention: time = max(c, m) + share x min(c, m), the families' times added).
    /// 0 is the ideal roofline; 1 runs them back to back. Kernels that neither saturate tensor cores nor HBM sit in between.
    /// </summary>
    public double RooflineSerialShare { get; init; } = 0.25;

    /// <summary>Fraction 0-1 of the HBM left after weights and the activation reserve that the engine gives the KV cache.</summary>
    public double UsableMemoryFraction { get; init; } = 0.9;

    /// <summary>Per-GPU memory reserved for activations, CUDA graphs and workspace.</summary>
    public ByteCount ActivationReserve { get; init; } = ByteCount.FromGigabytes(3);

    /// <summary>Where the values come from: "priors", or the data, date and residuals of a fit.</summary>
    public string Provenance { get; init; } = "engineering priors (not fitted)";

    /// <summary>The engineering priors (round values, not fitted to any measurement).</summary>
    public static EfficiencyProfile Priors { get; } = new();

    /// <summary>Checks every fraction is in (0, 1], every duration non-negative and finite, imbalance >= 1.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        Fraction(DecodeComputeEfficiency, nameof(DecodeComputeEfficiency));
        Fraction(DecodeMemoryEfficiency, nameof(DecodeMemoryEfficiency));
        Fraction(KvMemoryEfficiency, nameof(KvMemoryEfficiency));
        Fraction(PrefillComputeEfficiency, nameof(PrefillComputeEfficiency));
        Fraction(PrefillMemoryEfficiency, nameof(PrefillMemoryEfficiency));
        Fraction(Fp4ComputeScale, nameof(Fp4ComputeScale));
        Fraction(Fp4MemoryScale, nameof(Fp4MemoryScale));
        Fraction(RocmEfficiencyScale, nameof(RocmEfficiencyScale));
        Fraction(RocmMoeGemmScale, nameof(RocmMoeGemmScale));
        Fraction(RocmAttentionScale, nameof(RocmAttentionScale));
        Fraction(RocmAiterScale, nameof(RocmAiterScale));
        Fraction(FrameworkMoeGemmScale, nameof(FrameworkMoeGemmScale));
        Fraction(RocmCollectiveScale, nameof(RocmCollectiveScale));
        Fraction(RocmBlockFp8MoeScale, nameof(RocmBlockFp8MoeScale));
        Fraction(HopperBlockFp8StreamScale, nameof(HopperBlockFp8StreamScale));
        Fraction(MoeGemmEfficiencyScale, nameof(MoeGemmEfficiencyScale));
        Fraction(CollectiveEfficiency, nameof(CollectiveEfficiency));
        Fraction(UsableMemoryFraction, nameof(UsableMemoryFraction));
        NonNegative(ScaleUpLatency.Seconds, nameof(ScaleUpLatency));
        NonNegative(ScaleOutLatency.Seconds, nameof(ScaleOutLatency));
        NonNegative(AllToAllLatency.Seconds, nameof(AllToAllLatency));
        NonNegative(StepOverhead.Seconds, nameof(StepOverhead));
        NonNegative(LayerOverhead.Seconds, nameof(LayerOverhead));
        NonNegative(DraftOverhead.Seconds, nameof(DraftOverhead));
        NonNegative(MlaLayerOverhead.Seconds, nameof(MlaLayerOverhead));
        NonNegative(SequenceOverhead.Seconds, nameof(SequenceOverhead));
        NonNegative(EagerLayerLaunch.Seconds, nameof(EagerLayerLaunch));
        NonNegative(ActivationReserve.Bytes, nameof(ActivationReserve));
        if (!(CommunicationOverlap >= 0 && CommunicationOverlap <= 1))
        {
            throw new ArgumentException($"CommunicationOverlap must be in [0, 1] (was {CommunicationOverlap}).", nameof(CommunicationOverlap));
        }

        if (!(RooflineSerialShare >= 0 && RooflineSerialShare <= 1))
        {
            throw new ArgumentException($"RooflineSerialShare must be in [0, 1] (was {RooflineSerialShare}).", nameof(RooflineSerialShare));
        }

        if (!(EarlyEngineStepScale >= 1 && double.IsFinite(EarlyEngineStepScale)))
        {
            throw new ArgumentException($"EarlyEngineStepScale must be finite and at least 1 (was {EarlyEngineStepScale}).", nameof(EarlyEngineStepScale));
        }

        if (!(MoeImbalance >= 1 && double.IsFinite(MoeImbalance)))
        {
            throw new ArgumentException($"MoeImbalance must be finite and at least 1 (was {MoeImbalance}).", nameof(MoeImbalance));
        }
    }

    private static void Fraction(double value, string name)
    {
        if (!(value > 0 && value <= 1))
        {
            throw new ArgumentException($"{name} must be in (0, 1] (was {value}).", name);
        }
    }

    private static void NonNegative(double value, string name)
    {
        if (!(value >= 0 && double.IsFinite(value)))
        {
            throw new ArgumentException($"{name} must be non-negative and finite (was {value}).", name);
        }
    }
}
