namespace TokenKernels.Tests.Support;

/// <summary>
/// Round-number hardware and models for golden tests, so catalog edits never break them, and a profile that is the
/// pure roofline (every efficiency 1, no overheads, no latency, no reserve) so expected values can be derived by hand.
/// </summary>
internal static class Synthetic
{
    /// <summary>
    /// BF16 1 PFLOP/s, FP8 2 PFLOP/s, no FP4; HBM 100 GB at 2 TB/s; 8-GPU scale-up domain at 100 GB/s per direction;
    /// scale-out 10 GB/s; $3.60 per GPU-hour = $0.001 per GPU-second.
    /// </summary>
    public static HardwareSpec Gpu(double memoryBytes = 100e9, double hbmBytesPerSecond = 2e12) => new()
    {
        Id = "round",
        Name = "Round-number GPU",
        Bf16Flops = new FlopRate(1e15),
        Fp8Flops = new FlopRate(2e15),
        Memory = new ByteCount(memoryBytes),
        MemoryBandwidth = new Bandwidth(hbmBytesPerSecond),
        ScaleUpDomainGpus = 8,
        ScaleUpBandwidth = new Bandwidth(100e9),
        ScaleOutBandwidth = new Bandwidth(10e9),
        GpuHourPrice = new Usd(3.6),
        Source = "synthetic",
    };

    /// <summary>
    /// Dense GQA: 10 layers, hidden 1000, 10 query heads, 2 KV heads of 100, FFN 4000, vocab 1000.
    /// Attention 2.4e6 + FFN 12e6 = 14.4e6 params per layer; 144e6 in layers; embedding and LM head 1e6 each.
    /// KV per token per layer in BF16: 2 heads x (100 + 100) x 2 B = 800 B.
    /// </summary>
    public static ModelSpec Dense() => new()
    {
        Id = "dense10",
        Name = "Dense 10-layer",
        Layers = 10,
        Hidden = 1000,
        Vocab = 1000,
        MaxContext = 100_000,
        DenseLayers = 10,
        DenseFfnDim = 4000,
        Attention = new AttentionSpec { Kind = AttentionKind.Gqa, QueryHeads = 10, KvHeads = 2, HeadDim = 100 },
        Source = "synthetic",
    };

    /// <summary>
    /// MoE GQA: 4 layers, all MoE, 8 experts of FFN 1000 (3e6 params each), top-2, 1 shared expert; attention as <see cref="Dense"/>.
    /// </summary>
    public static ModelSpec Moe() => Dense() with
    {
        Id = "moe8",
        Name = "MoE 8-expert",
        Layers = 4,
        DenseLayers = 0,
        DenseFfnDim = 0,
        Moe = new MoeSpec { RoutedExperts = 8, ExpertsPerToken = 2, SharedExperts = 1, ExpertFfnDim = 1000 },
    };

    /// <summary>MLA MoE: <see cref="Moe"/> with latent attention, kv_lora 100, rope 20, nope 80, v 100, 10 heads.</summary>
    public static ModelSpec Mla() => Moe() with
    {
        Id = "mla4",
        Name = "MLA 4-layer",
        Attention = new AttentionSpec
        {
            Kind = AttentionKind.Mla,
            QueryHeads = 10,
            HeadDim = 100,
            ValueHeadDim = 100,
            QLoraRank = 200,
            KvLoraRank = 100,
            QkNopeHeadDim = 80,
            QkRopeHeadDim = 20,
        },
    };

    /// <summary>The bare roofline: full efficiency, no overheads or latencies, all HBM usable, no activation reserve.</summary>
    public static EfficiencyProfile Roofline() => new()
    {
        DecodeComputeEfficiency = 1,
        DecodeMemoryEfficiency = 1,
        KvMemoryEfficiency = 1,
        PrefillComputeEfficiency = 1,
        PrefillMemoryEfficiency = 1,
        Fp4ComputeScale = 1,
        Fp4MemoryScale = 1,
        RocmEfficiencyScale = 1,
        RocmMoeGemmScale = 1,
        RocmAttentionScale = 1,
        RocmAiterScale = 1,
        FrameworkMoeGemmScale = 1,
        RocmCollectiveScale = 1,
        RocmBlockFp8MoeScale = 1,
        HopperBlockFp8StreamScale = 1,
        CollectiveEfficiency = 1,
        ScaleUpLatency = Duration.FromSeconds(0),
        ScaleOutLatency = Duration.FromSeconds(0),
        AllToAllLatency = Duration.FromSeconds(0),
        CommunicationOverlap = 0,
        StepOverhead = Duration.FromSeconds(0),
        LayerOverhead = Duration.FromSeconds(0),
        MlaLayerOverhead = Duration.FromSeconds(0),
        DraftOverhead = Duration.FromSeconds(0),
        SequenceOverhead = Duration.FromSeconds(0),
        EagerLayerLaunch = Duration.FromSeconds(0),
        EarlyEngineStepScale = 1,
        MoeImbalance = 1,
        MoeGemmEfficiencyScale = 1,
        RooflineSerialShare = 0,
        UsableMemoryFraction = 1,
        ActivationReserve = new ByteCount(0),
        Provenance = "test roofline",
    };

    /// <summary>FP8 weights, BF16 KV, one GPU, batch 1.</summary>
    public static Deployment OneGpu(int batch = 1) => new() { Gpus = 1, Batch = batch, Weights = Precision.Fp8, KvCache = Precision.Bf16 };

    /// <summary>1000 tokens in, 1000 out.</summary>
    public static Workload Chat() => new() { InputTokens = 1000, OutputTokens = 1000 };
}
