using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace TokenKernels.Cli.Output;

/// <summary>How sweep commands report: points through <see cref="PointColumns"/> (so JSON and CSV match <c>evaluate</c>), stats, progress.</summary>
public static class SweepOutput
{
    /// <summary>Columns a frontier table shows, in order.</summary>
    public static IReadOnlyList<string> TableColumns { get; } =
        ["gpus", "prefill_gpus", "decode_gpus", "tp", "ep", "dp", "weights", "kv_cache", "batch", "isl", "osl", "tok_s_user", "output_tok_s_gpu", "ttft_s", "usd_per_mtok_total", "usd_per_mtok_output"];

    /// <summary>Columns a frontier table shows for a grid: <see cref="TableColumns"/>, with the P90 TTFT at load when a load is given.</summary>
    public static IReadOnlyList<string> TableColumnsFor(SweepGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return grid.Load > 0 || grid.Rate > 0 ? [.. TableColumns.Take(TableColumns.Count - 2), "ttft_s_p90_at_load", .. TableColumns.Skip(TableColumns.Count - 2)] : TableColumns;
    }

    /// <summary>The single-point input a swept point corresponds to (tp and dp resolved), for <see cref="PointColumns"/>.</summary>
    public static EvaluationInput InputOf(SweepGrid grid, FrontierPoint point)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var c = point.Configuration;
        var deployment = new Deployment
        {
            Gpus = c.Gpus,
            Tp = c.ResolvedTp,
            Ep = c.Ep,
            Dp = c.ResolvedDp,
            Pp = c.Pp,
            Weights = c.Weights,
            KvCache = c.KvCache,
            Batch = c.Batch,
            MtpDraftTokens = grid.MtpDraftTokens ?? (int)Math.Ceiling(c.MtpAcceptance - 1),
            MtpAcceptanceLength = c.MtpAcceptance,
            Disaggregated = c.Disaggregated,
            PrefillGpus = c.PrefillGpus,
            DecodeGpus = c.DecodeGpus,
            DecodeInstances = c.DecodeInstances,
            PrefillTp = c.PrefillTp,
            PrefillEp = c.PrefillEp,
            PrefillChunkTokens = grid.PrefillChunkTokens,
            CudaGraphs = grid.CudaGraphs,
            AttentionDpBalance = grid.AttentionDpBalance,
        };
        var workload = new Workload { InputTokens = c.InputTokens, OutputTokens = c.OutputTokens, PrefixCacheHit = grid.PrefixCacheHit, Load = grid.Load };
        return new EvaluationInput(
            grid.Hardware.First(h => h.Id == c.Hardware), grid.Models.First(m => m.Id == c.Model), deployment, workload, grid.Profile, grid.Prices)
        {
            Lengths = grid.Lengths,
            Rate = grid.Rate,
        };
    }

    /// <summary>A point as a JSON object with every column.</summary>
    public static JsonObject Json(SweepGrid grid, FrontierPoint point) => PointColumns.ToJson(InputOf(grid, point), point.Metrics);

    /// <summary>The contract's stats object.</summary>
    public static JsonObject Json(SweepStats s) => new()
    {
        ["configs_evaluated"] = s.ConfigsEvaluated,
        ["feasible_configs"] = s.FeasibleConfigs,
        ["seconds"] = s.Seconds,
        ["configs_per_second"] = s.ConfigsPerSecond,
        ["backend"] = s.Backend,
        ["backend_reason"] = s.BackendReason,
    };

    /// <summary>Writes points as CSV with a header (columns as <c>evaluate --json</c> fields).</summary>
    public static void WriteCsv(TextWriter writer, SweepGrid grid, IEnumerable<FrontierPoint> points)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var p in points)
        {
            writer.WriteLine(PointColumns.CsvRow(InputOf(grid, p), p.Metrics));
        }
    }

    /// <summary>One line of stats for people.</summary>
    public static string Describe(SweepStats s) => string.Create(
        CultureInfo.InvariantCulture,
        $"{s.ConfigsEvaluated:N0} configurations ({s.FeasibleConfigs:N0} feasible) in {s.Seconds:F2} s = {CliOutput.Number(s.ConfigsPerSecond, 3)} configs/s on {s.Backend}{(string.IsNullOrEmpty(s.BackendReason) ? "" : "; " + s.BackendReason)}");

    /// <summary>A table cell for a column of a point.</summary>
    public static string Cell(JsonObject point, string column) => point[column] switch
    {
        null when column == "ttft_s" && point["saturated"] is { } pool => $"saturated ({pool})",
        null => "",
        JsonValue v when v.TryGetValue(out double d) => column.EndsWith("_s", StringComparison.Ordinal) || column.StartsWith("ttft_s", StringComparison.Ordinal) || column.StartsWith("prefill_s_", StringComparison.Ordinal) ? CliOutput.Seconds(d)
            : column.StartsWith("usd", StringComparison.Ordinal) ? "$" + CliOutput.Number(d, 3) : CliOutput.Number(d),
        var v => v.ToString(),
    };
}
