namespace TokenKernels.Calibration;

/// <summary>
/// One fitted profile parameter and its unbounded coordinate: fractions through logit (0, 1), durations through log (> 0),
/// the MoE imbalance through log(imbalance - 1) (> 1).
/// </summary>
internal sealed record ProfileParameter(
    string Name,
    Func<EfficiencyProfile, double> Get,
    Func<EfficiencyProfile, double, EfficiencyProfile> Set,
    ParameterScale Scale)
{
    /// <summary>The parameters calibration fits, each with a physical meaning (see <see cref="EfficiencyProfile"/>).</summary>
    public static IReadOnlyList<ProfileParameter> Fitted { get; } =
    [
        new("decode_compute_efficiency", p => p.DecodeComputeEfficiency, (p, v) => p with { DecodeComputeEfficiency = v }, ParameterScale.Fraction),
        new("decode_memory_efficiency", p => p.DecodeMemoryEfficiency, (p, v) => p with { DecodeMemoryEfficiency = v }, ParameterScale.Fraction),
        new("kv_memory_efficiency", p => p.KvMemoryEfficiency, (p, v) => p with { KvMemoryEfficiency = v }, ParameterScale.Fraction),
        new("prefill_compute_efficiency", p => p.PrefillComputeEfficiency, (p, v) => p with { PrefillComputeEfficiency = v }, ParameterScale.Fraction),
        new("fp4_compute_scale", p => p.Fp4ComputeScale, (p, v) => p with { Fp4ComputeScale = v }, ParameterScale.Fraction),
        new("fp4_memory_scale", p => p.Fp4MemoryScale, (p, v) => p with { Fp4MemoryScale = v }, ParameterScale.Fraction),
        new("rocm_efficiency_scale", p => p.RocmEfficiencyScale, (p, v) => p with { RocmEfficiencyScale = v }, ParameterScale.Fraction),
        new("rocm_moe_gemm_scale", p => p.RocmMoeGemmScale, (p, v) => p with { RocmMoeGemmScale = v }, ParameterScale.Fraction),
        new("rocm_attention_scale", p => p.RocmAttentionScale, (p, v) => p with { RocmAttentionScale = v }, ParameterScale.Fraction),
        new("rocm_aiter_scale", p => p.RocmAiterScale, (p, v) => p with { RocmAiterScale = v }, ParameterScale.Fraction),
        new("framework_moe_gemm_scale", p => p.FrameworkMoeGemmScale, (p, v) => p with { FrameworkMoeGemmScale = v }, ParameterScale.Fraction),
        new("rocm_collective_scale", p => p.RocmCollectiveScale, (p, v) => p with { RocmCollectiveScale = v }, ParameterScale.Fraction),
        new("rocm_block_fp8_moe_scale", p => p.RocmBlockFp8MoeScale, (p, v) => p with { RocmBlockFp8MoeScale = v }, ParameterScale.Fraction),
        new("hopper_block_fp8_stream_scale", p => p.HopperBlockFp8StreamScale, (p, v) => p with { HopperBlockFp8StreamScale = v }, ParameterScale.Fraction),
        new("collective_efficiency", p => p.CollectiveEfficiency, (p, v) => p with { CollectiveEfficiency = v }, ParameterScale.Fraction),
        new("communication_overlap", p => p.CommunicationOverlap, (p, v) => p with { CommunicationOverlap = v }, ParameterScale.Fraction),
        new("step_overhead_s", p => p.StepOverhead.Seconds, (p, v) => p with { StepOverhead = Duration.FromSeconds(v) }, ParameterScale.Positive),
        new("layer_overhead_s", p => p.LayerOverhead.Seconds, (p, v) => p with { LayerOverhead = Duration.FromSeconds(v) }, ParameterScale.Positive),
        new("mla_layer_overhead_s", p => p.MlaLayerOverhead.Seconds, (p, v) => p with { MlaLayerOverhead = Duration.FromSeconds(v) }, ParameterScale.Positive),
        new("draft_overhead_s", p => p.DraftOverhead.Seconds, (p, v) => p with { DraftOverhead = Duration.FromSeconds(v) }, ParameterScale.Positive),
        new("scale_up_latency_s", p => p.ScaleUpLatency.Seconds, (p, v) => p with { ScaleUpLatency = Duration.FromSeconds(v) }, ParameterScale.Positive),
        new("scale_out_latency_s", p => p.ScaleOutLatency.Seconds, (p, v) => p with { ScaleOutLatency = Duration.FromSeconds(v) }, ParameterScale.Positive),
        new("all_to_all_latency_s", p => p.AllToAllLatency.Seconds, (p, v) => p with { AllToAllLatency = Duration.FromSeconds(v) }, ParameterScale.Positive),
        new("sequence_overhead_s", p => p.SequenceOverhead.Seconds, (p, v) => p with { SequenceOverhead = Duration.FromSeconds(v) }, ParameterScale.Positive),
        new("eager_layer_launch_s", p => p.EagerLayerLaunch.Seconds, (p, v) => p with { EagerLayerLaunch = Duration.FromSeconds(v) }, ParameterScale.Positive),
        new("early_engine_step_scale", p => p.EarlyEngineStepScale, (p, v) => p with { EarlyEngineStepScale = v }, ParameterScale.AboveOne),
        new("moe_gemm_efficiency_scale", p => p.MoeGemmEfficiencyScale, (p, v) => p with { MoeGemmEfficiencyScale = v }, ParameterScale.Fraction),
        new("moe_imbalance", p => p.MoeImbalance, (p, v) => p with { MoeImbalance = v }, ParameterScale.AboveOne),
        new("roofline_serial_share", p => p.RooflineSerialShare, (p, v) => p with { RooflineSerialShare = v }, ParameterScale.Fraction),
    ];

    /// <summary>Bounded value to the unbounded coordinate.</summary>
    public double ToCoordinate(double value) => Scale switch
    {
        ParameterScale.Fraction => Math.Log(Clamp(value) / (1 - Clamp(value))),
        ParameterScale.Positive => Math.Log(Math.Max(value, 1e-9)),
        _ => Math.Log(Math.Max(value - 1, 1e-6)),
    };

    /// <summary>Unbounded coordinate to the bounded value.</summary>
    public double FromCoordinate(double x) => Scale switch
    {
        ParameterScale.Fraction => Clamp(1 / (1 + Math.Exp(-x))),
        ParameterScale.Positive => Math.Exp(Math.Clamp(x, -40, 5)),
        _ => 1 + Math.Exp(Math.Clamp(x, -20, 3)),
    };

    // Keep fractions off 0 and 1, where the profile's own validation (and the physics) would reject them.
    private static double Clamp(double v) => Math.Clamp(v, 1e-4, 0.9999);
}
