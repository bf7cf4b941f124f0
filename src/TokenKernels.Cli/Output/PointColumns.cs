using System.Globalization;
using System.Text.Json.Nodes;

namespace TokenKernels.Cli.Output;

/// <summary>
/// The fields every command reports for a configuration and its <see cref="ServingPoint"/>, in one order, so JSON and
/// CSV always agree. Speed and cost fields are null for an infeasible point (the library reports them as zero);
/// costs are null without a GPU-hour price.
/// </summary>
public static class PointColumns
{
    /// <summary>The configuration, echoed (<c>tp</c> resolved when it was 0 = auto).</summary>
    public static IReadOnlyList<PointColumn> Configuration { get; } =
    [
        new("model", (c, _) => c.Model.Id),
        new("hardware", (c, _) => c.Hardware.Id),
        new("software_stack", (c, _) => HardwareJson.StackName(c.Hardware.SoftwareStack)),
        new("gpus", (c, _) => c.Deployment.Gpus),
        new("tp", (c, _) => c.ResolvedTp),
        new("ep", (c, _) => c.Deployment.Ep),
        new("dp", (c, _) => c.Deployment.Dp),
        new("pp", (c, _) => c.Deployment.Pp),
        new("weights", (c, _) => c.Deployment.Weights.ToId()),
        new("kv_cache", (c, _) => c.Deployment.KvCache.ToId()),
        new("batch", (c, _) => c.Deployment.Batch),
        new("isl", (c, _) => c.Workload.InputTokens),
        new("osl", (c, _) => c.Workload.OutputTokens),
        new("lengths", (c, _) => c.Lengths?.Text),
        new("context_cap", (c, _) => c.Lengths is { ContextCap: > 0 } l ? l.ContextCap : null),
        new("truncated_share", (c, _) => c.Lengths?.TruncatedShare),
        new("mtp_draft", (c, _) => c.Deployment.MtpDraftTokens),
        new("mtp_acceptance", (c, _) => c.Deployment.MtpAcceptanceLength),
        new("prefix_hit", (c, _) => c.Workload.PrefixCacheHit),
        new("load", (c, _) => c.Workload.Load > 0 ? c.Workload.Load : null),
        new("rate", (c, _) => c.Rate > 0 ? c.Rate : null),
        new("disaggregated", (c, _) => c.Deployment.Disaggregated),
        new("prefill_gpus", (c, _) => c.Deployment.Disaggregated ? c.Deployment.PrefillGpus : null),
        new("decode_gpus", (c, _) => c.Deployment.Disaggregated ? c.Deployment.DecodeGpus : null),
        new("decode_instances", (c, _) => c.Deployment.Disaggregated ? c.Deployment.DecodeInstances : null),
        new("prefill_tp", (c, _) => c.Deployment.Disaggregated ? c.ResolvedPrefill.Tp : null),
        new("prefill_ep", (c, _) => c.Deployment.Disaggregated ? c.ResolvedPrefill.Ep : null),
        new("cuda_graphs", (c, _) => c.Deployment.CudaGraphs),
        new("adp_balance", (c, _) => c.Deployment.AttentionDpBalance),
        new("gpu_hour_usd", (c, _) => c.GpuHourPrice?.Dollars),
    ];

    /// <summary>The result.</summary>
    public static IReadOnlyList<PointColumn> Result { get; } =
    [
        new("feasible", (_, p) => p.Feasible),
        new("reason", (_, p) => p.Reason.ToCode()),
        new("reason_text", (_, p) => p.Reason.Describe()),
        new("ttft_s", (_, p) => Finite(p, p.Ttft.Seconds)),
        new("saturated", (_, p) => p.Saturated switch
        {
            SaturatedPool.Prefill => "prefill_pool",
            SaturatedPool.Decode => "decode_pool",
            SaturatedPool.Instance => "instance",
            _ => null,
        }),
        new("offered_load", (_, p) => p.Feasible ? p.OfferedLoad : null),
        new("ttft_s_p50_at_load", (_, p) => p.TtftP50AtLoad is { } t ? Finite(p, t.Seconds) : null),
        new("ttft_s_p90_at_load", (_, p) => p.TtftP90AtLoad is { } t ? Finite(p, t.Seconds) : null),
        new("tpot_s", (_, p) => Speed(p, p.Tpot.Seconds)),
        new("tok_s_user", (_, p) => Speed(p, p.TokSUser)),
        new("output_tok_s_gpu", (_, p) => Speed(p, p.OutputTokSGpu)),
        new("input_tok_s_gpu", (_, p) => Speed(p, p.InputTokSGpu)),
        new("total_tok_s_gpu", (_, p) => Speed(p, p.TotalTokSGpu)),
        new("usd_per_mtok_output", (_, p) => Cost(p, p.UsdPerMtokOutput)),
        new("usd_per_mtok_input", (_, p) => Cost(p, p.UsdPerMtokInput)),
        new("usd_per_mtok_total", (_, p) => Cost(p, p.UsdPerMtokTotal)),
        new("max_batch", (_, p) => p.MaxBatch),
        new("max_context", (_, p) => p.MaxContext),
        new("decode_bound", (_, p) => p.Feasible ? p.DecodeBound.ToString().ToLowerInvariant() : null),
        new("weights_gib_per_gpu", (_, p) => p.WeightsPerGpu.Gibibytes),
        new("kv_gib_per_gpu", (_, p) => p.KvCachePerGpu.Gibibytes),
        new("kv_capacity_gib_per_gpu", (_, p) => p.KvCapacityPerGpu.Gibibytes),
        new("decode_step_s", (_, p) => Speed(p, p.DecodeStep.Seconds)),
        new("decode_compute_s", (_, p) => Speed(p, p.DecodeCompute.Seconds)),
        new("decode_memory_s", (_, p) => Speed(p, p.DecodeMemory.Seconds)),
        new("decode_network_s", (_, p) => Speed(p, p.DecodeNetwork.Seconds)),
        new("decode_overhead_s", (_, p) => Speed(p, p.DecodeOverhead.Seconds)),
        new("prefill_s_per_request", (_, p) => Speed(p, p.PrefillPerRequest.Seconds)),
        new("prefill_tok_s_gpu", (_, p) => Speed(p, p.PrefillTokSGpu)),
        new("prefill_share", (_, p) => Speed(p, p.PrefillShare)),
        new("total_gpus", (_, p) => p.TotalGpus),
    ];

    /// <summary>Configuration then result.</summary>
    public static IReadOnlyList<PointColumn> All { get; } = [.. Configuration, .. Result];

    /// <summary>A JSON object with the given columns.</summary>
    public static JsonObject ToJson(EvaluationInput input, ServingPoint point, IEnumerable<PointColumn>? columns = null)
    {
        var o = new JsonObject();
        foreach (var column in columns ?? All)
        {
            o[column.Name] = column.Value(input, point);
        }

        return o;
    }

    /// <summary>A CSV header line (RFC 4180) of the columns' names.</summary>
    public static string CsvHeader(IEnumerable<PointColumn>? columns = null) => string.Join(',', (columns ?? All).Select(c => c.Name));

    /// <summary>A CSV line: numbers invariant, null empty, text quoted when it needs to be.</summary>
    public static string CsvRow(EvaluationInput input, ServingPoint point, IEnumerable<PointColumn>? columns = null) =>
        string.Join(',', (columns ?? All).Select(c => CsvCell(c.Value(input, point))));

    /// <summary>One CSV cell for a JSON value.</summary>
    public static string CsvCell(JsonNode? value)
    {
        if (value is null)
        {
            return "";
        }

        if (value is JsonValue v && v.TryGetValue(out string? s))
        {
            return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
        }

        if (value is JsonValue d && d.TryGetValue(out double number))
        {
            return number.ToString("R", CultureInfo.InvariantCulture);
        }

        // Integers and booleans directly: ToJsonString builds a serializer per cell, which dominated sweep --csv.
        if (value is JsonValue i && i.TryGetValue(out int integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        if (value is JsonValue b && b.TryGetValue(out bool flag))
        {
            return flag ? "true" : "false";
        }

        return value.ToJsonString();
    }

    private static JsonNode? Speed(ServingPoint p, double value) => p.Feasible ? value : null;

    /// <summary>A latency: null when infeasible or infinite (a saturated queue is flagged in <c>saturated</c>, never a number).</summary>
    private static JsonNode? Finite(ServingPoint p, double seconds) => p.Feasible && double.IsFinite(seconds) ? seconds : null;

    private static JsonNode? Cost(ServingPoint p, Usd? value) => p.Feasible && value is { } usd ? usd.Dollars : null;
}
