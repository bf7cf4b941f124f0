using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenKernels.Calibration;

/// <summary>
/// Reads and writes an <see cref="EfficiencyProfile"/> as flat JSON with units in the names
/// (<c>step_overhead_s</c>, <c>activation_reserve_gb</c>), the format of <c>calibrate --out</c> and <c>--profile</c>.
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
            ["collective_efficiency"] = profile.CollectiveEfficiency,
            ["scale_up_latency_s"] = profile.ScaleUpLatency.Seconds,
            ["scale_out_latency_s"] = profile.ScaleOutLatency.Seconds,
            ["communication_overlap"] = profile.CommunicationOverlap,
            ["step_overhead_s"] = profile.StepOverhead.Seconds,
            ["layer_overhead_s"] = profile.LayerOverhead.Seconds,
            ["sequence_overhead_s"] = profile.SequenceOverhead.Seconds,
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

    /// <summary>Parses a profile; absent fields keep the <see cref="EfficiencyProfile.Priors"/> value.</summary>
    /// <exception cref="ArgumentException">The JSON is malformed or a value is out of range.</exception>
    public static EfficiencyProfile Read(string json)
    {
        JsonObject o;
        try
        {
            o = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("Profile JSON must be an object.", nameof(json));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Profile JSON is malformed: {e.Message}", nameof(json), e);
        }

        var p = EfficiencyProfile.Priors;
        double Get(string name, double fallback)
        {
            var node = o[name];
            if (node is null)
            {
                return fallback;
            }

            try
            {
                return node.GetValue<double>();
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new ArgumentException($"Profile field '{name}' must be a number.", nameof(json), e);
            }
        }

        var result = p with
        {
            DecodeComputeEfficiency = Get("decode_compute_efficiency", p.DecodeComputeEfficiency),
            DecodeMemoryEfficiency = Get("decode_memory_efficiency", p.DecodeMemoryEfficiency),
            KvMemoryEfficiency = Get("kv_memory_efficiency", p.KvMemoryEfficiency),
            PrefillComputeEfficiency = Get("prefill_compute_efficiency", p.PrefillComputeEfficiency),
            PrefillMemoryEfficiency = Get("prefill_memory_efficiency", p.PrefillMemoryEfficiency),
            Fp4ComputeScale = Get("fp4_compute_scale", p.Fp4ComputeScale),
            Fp4MemoryScale = Get("fp4_memory_scale", p.Fp4MemoryScale),
            RocmEfficiencyScale = Get("rocm_efficiency_scale", p.RocmEfficiencyScale),
            CollectiveEfficiency = Get("collective_efficiency", p.CollectiveEfficiency),
            ScaleUpLatency = Duration.FromSeconds(Get("scale_up_latency_s", p.ScaleUpLatency.Seconds)),
            ScaleOutLatency = Duration.FromSeconds(Get("scale_out_latency_s", p.ScaleOutLatency.Seconds)),
            CommunicationOverlap = Get("communication_overlap", p.CommunicationOverlap),
            StepOverhead = Duration.FromSeconds(Get("step_overhead_s", p.StepOverhead.Seconds)),
            LayerOverhead = Duration.FromSeconds(Get("layer_overhead_s", p.LayerOverhead.Seconds)),
            SequenceOverhead = Duration.FromSeconds(Get("sequence_overhead_s", p.SequenceOverhead.Seconds)),
            MoeImbalance = Get("moe_imbalance", p.MoeImbalance),
            MoeGemmEfficiencyScale = Get("moe_gemm_efficiency_scale", p.MoeGemmEfficiencyScale),
            RooflineSerialShare = Get("roofline_serial_share", p.RooflineSerialShare),
            UsableMemoryFraction = Get("usable_memory_fraction", p.UsableMemoryFraction),
            ActivationReserve = ByteCount.FromGigabytes(Get("activation_reserve_gb", p.ActivationReserve.Gigabytes)),
            Provenance = o["provenance"]?.GetValue<string>() ?? p.Provenance,
        };
        result.Validate();
        return result;
    }

    /// <summary>Reads a profile file.</summary>
    /// <exception cref="ArgumentException">The file is missing, malformed or out of range.</exception>
    public static EfficiencyProfile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"Profile file '{path}' does not exist.", nameof(path));
        }

        return Read(File.ReadAllText(path));
    }
}
