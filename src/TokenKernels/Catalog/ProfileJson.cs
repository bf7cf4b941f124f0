using System.Text.Json;
using System.Text.Json.Nodes;
using TokenKernels.Catalog;

namespace TokenKernels.Calibration;

/// <summary>
/// Reads and writes an <see cref="EfficiencyProfile"/> as flat JSON with units in the names
/// (<c>step_overhead_s</c>, <c>activation_reserve_gb</c>), the format of <c>calibrate --out</c> and <c>--profile</c>.
/// In Catalog with the other spec readers (below Engine, which defaults to the shipped profile); public in the
/// Calibration namespace, where calibrating users look for it.
/// </summary>
public static class ProfileJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Serializes a profile; <paramref name="extra"/> (fit residuals, data) is kept under "provenance_detail".</summary>
    public static string Write(EfficiencyProfile profile, JsonNode? extra = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var o = new JsonObject
        {
            ["decode_compute_efficiency"] = profile.DecodeComputeEfficiency,
            ["decode_memory_efficiency"] = profile.DecodeMemoryEfficiency,
            ["kv_memory_efficiency"] = profile.KvMemoryEfficiency,
            ["prefill_compute_efficiency"] = profile.PrefillComputeEfficiency,
            ["prefill_memory_efficiency"] = profile.PrefillMemoryEfficiency,
            ["fp4_compute_scale"] = profile.Fp4ComputeScale,
            ["fp4_memory_scale"] = profile.Fp4MemoryScale,
            ["rocm_efficiency_scale"] = profile.RocmEfficiencyScale,
            ["rocm_moe_gemm_scale"] = profile.RocmMoeGemmScale,
            ["rocm_attention_scale"] = profile.RocmAttentionScale,
            ["rocm_aiter_scale"] = profile.RocmAiterScale,
            ["framework_moe_gemm_scale"] = profile.FrameworkMoeGemmScale,
            ["rocm_collective_scale"] = profile.RocmCollectiveScale,
            ["rocm_block_fp8_moe_scale"] = profile.RocmBlockFp8MoeScale,
            ["hopper_block_fp8_stream_scale"] = profile.HopperBlockFp8StreamScale,
            ["collective_efficiency"] = profile.CollectiveEfficiency,
            ["scale_up_latency_s"] = profile.ScaleUpLatency.Seconds,
            ["scale_out_latency_s"] = profile.ScaleOutLatency.Seconds,
            ["all_to_all_latency_s"] = profile.AllToAllLatency.Seconds,
            ["communication_overlap"] = profile.CommunicationOverlap,
            ["step_overhead_s"] = profile.StepOverhead.Seconds,
            ["layer_overhead_s"] = profile.LayerOverhead.Seconds,
            ["mla_layer_overhead_s"] = profile.MlaLayerOverhead.Seconds,
            ["draft_overhead_s"] = profile.DraftOverhead.Seconds,
            ["sequence_overhead_s"] = profile.SequenceOverhead.Seconds,
            ["eager_layer_launch_s"] = profile.EagerLayerLaunch.Seconds,
            ["early_engine_step_scale"] = profile.EarlyEngineStepScale,
            ["moe_imbalance"] = profile.MoeImbalance,
            ["moe_gemm_efficiency_scale"] = profile.MoeGemmEfficiencyScale,
            ["roofline_serial_share"] = profile.RooflineSerialShare,
            ["usable_memory_fraction"] = profile.UsableMemoryFraction,
            ["activation_reserve_gb"] = profile.ActivationReserve.Gigabytes,
            ["provenance"] = profile.Provenance,
        };
        if (extra is not null)
        {
            o["provenance_detail"] = extra;
        }

        return o.ToJsonString(Indented);
    }

    /// <summary>
    /// Parses a profile as <see cref="Write"/> writes it: every parameter field is required and no other field is
    /// allowed (besides <c>provenance</c> and <c>provenance_detail</c>), so a misspelt or missing field is an error
    /// instead of a silent fallback to the priors.
    /// </summary>
    /// <exception cref="ArgumentException">The JSON is malformed, a field is missing, unknown or out of range; the message names the field.</exception>
    public static EfficiencyProfile Read(string json)
    {
        var f = JsonFields.Parse(json, "Profile", nameof(json));
        f.RejectFieldsOtherThan([.. JsonNode.Parse(Write(EfficiencyProfile.Priors, new JsonObject()))!.AsObject().Select(p => p.Key)]);
        double Get(string name) => f.OptionalNumber(name) ?? throw f.Error(name, "is required (a number; `calibrate --out` writes every field)");
        var result = EfficiencyProfile.Priors with
        {
            DecodeComputeEfficiency = Get("decode_compute_efficiency"),
            DecodeMemoryEfficiency = Get("decode_memory_efficiency"),
            KvMemoryEfficiency = Get("kv_memory_efficiency"),
            PrefillComputeEfficiency = Get("prefill_compute_efficiency"),
            PrefillMemoryEfficiency = Get("prefill_memory_efficiency"),
            Fp4ComputeScale = Get("fp4_compute_scale"),
            Fp4MemoryScale = Get("fp4_memory_scale"),
            RocmEfficiencyScale = Get("rocm_efficiency_scale"),
            RocmMoeGemmScale = Get("rocm_moe_gemm_scale"),
            RocmAttentionScale = Get("rocm_attention_scale"),
            RocmAiterScale = Get("rocm_aiter_scale"),
            FrameworkMoeGemmScale = Get("framework_moe_gemm_scale"),
            RocmCollectiveScale = Get("rocm_collective_scale"),
            RocmBlockFp8MoeScale = Get("rocm_block_fp8_moe_scale"),
            HopperBlockFp8StreamScale = Get("hopper_block_fp8_stream_scale"),
            CollectiveEfficiency = Get("collective_efficiency"),
            ScaleUpLatency = Duration.FromSeconds(Get("scale_up_latency_s")),
            ScaleOutLatency = Duration.FromSeconds(Get("scale_out_latency_s")),
            AllToAllLatency = Duration.FromSeconds(Get("all_to_all_latency_s")),
            CommunicationOverlap = Get("communication_overlap"),
            StepOverhead = Duration.FromSeconds(Get("step_overhead_s")),
            LayerOverhead = Duration.FromSeconds(Get("layer_overhead_s")),
            MlaLayerOverhead = Duration.FromSeconds(Get("mla_layer_overhead_s")),
            DraftOverhead = Duration.FromSeconds(Get("draft_overhead_s")),
            SequenceOverhead = Duration.FromSeconds(Get("sequence_overhead_s")),
            EagerLayerLaunch = Duration.FromSeconds(Get("eager_layer_launch_s")),
            EarlyEngineStepScale = Get("early_engine_step_scale"),
            MoeImbalance = Get("moe_imbalance"),
            MoeGemmEfficiencyScale = Get("moe_gemm_efficiency_scale"),
            RooflineSerialShare = Get("roofline_serial_share"),
            UsableMemoryFraction = Get("usable_memory_fraction"),
            ActivationReserve = ByteCount.FromGigabytes(Get("activation_reserve_gb")),
            Provenance = f.OptionalString("provenance") ?? "profile file without provenance",
        };
        f.Accept("provenance_detail");
        f.RejectUnknownFields();
        try
        {
            result.Validate();
        }
        catch (ArgumentException e)
        {
            throw f.Renamed(e, FieldsByProperty);
        }

        return result;
    }

    // Profile properties whose JSON field carries a unit the property name does not.
    private static readonly Dictionary<string, string> FieldsByProperty = new(StringComparer.Ordinal)
    {
        [nameof(EfficiencyProfile.ScaleUpLatency)] = "scale_up_latency_s",
        [nameof(EfficiencyProfile.ScaleOutLatency)] = "scale_out_latency_s",
        [nameof(EfficiencyProfile.AllToAllLatency)] = "all_to_all_latency_s",
        [nameof(EfficiencyProfile.StepOverhead)] = "step_overhead_s",
        [nameof(EfficiencyProfile.LayerOverhead)] = "layer_overhead_s",
        [nameof(EfficiencyProfile.MlaLayerOverhead)] = "mla_layer_overhead_s",
        [nameof(EfficiencyProfile.DraftOverhead)] = "draft_overhead_s",
        [nameof(EfficiencyProfile.SequenceOverhead)] = "sequence_overhead_s",
        [nameof(EfficiencyProfile.EagerLayerLaunch)] = "eager_layer_launch_s",
        [nameof(EfficiencyProfile.EarlyEngineStepScale)] = "early_engine_step_scale",
        [nameof(EfficiencyProfile.ActivationReserve)] = "activation_reserve_gb",
    };

    /// <summary>Reads a profile file.</summary>
    /// <exception cref="ArgumentException">The file is missing, malformed or out of range.</exception>
    public static EfficiencyProfile Load(string path) => SpecFile.Read(path, nameof(path), Read);
}
