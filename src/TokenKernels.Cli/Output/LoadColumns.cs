using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace TokenKernels.Cli.Output;

/// <summary>The <c>simulate</c> contract: one JSON object per load level, and CSV columns with the same names.</summary>
public static class LoadColumns
{
    /// <summary>Column names in order (snake_case, shared by JSON and CSV).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "rate", "concurrency", "saturated", "ttft_s_p50", "ttft_s_p90", "ttft_s_p99", "ttft_s_mean", "tpot_s_p50", "tpot_s_p90", "tpot_s_p99",
        "tok_s_user_p50", "e2e_s_mean", "e2e_s_p99", "requests_per_s", "input_tok_s_gpu", "output_tok_s_gpu", "goodput_requests_per_s",
        "mean_in_system", "kv_utilization", "preemptions", "usd_per_mtok_output", "seeds",
    ];

    /// <summary>The values of <paramref name="p"/> by column (null where not defined: latencies of a saturated level, cost without a price).</summary>
    public static IReadOnlyList<object?> Values(LoadPoint p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return
        [
            p.Rate, p.Concurrency, p.Saturated, p.TtftP50, p.TtftP90, p.TtftP99, p.TtftMean, p.TpotP50, p.TpotP90, p.TpotP99,
            p.TokSUserP50, p.E2eMean, p.E2eP99, p.RequestsPerSecond, p.InputTokSGpu, p.OutputTokSGpu, p.GoodputRequestsPerSecond,
            p.MeanInSystem, p.KvUtilization, p.Preemptions, p.UsdPerMtokOutput, p.Seeds,
        ];
    }

    /// <summary>The whole <c>--json</c> document.</summary>
    public static JsonObject Document(LoadSimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var points = new JsonArray();
        foreach (var p in result.Points)
        {
            var o = new JsonObject();
            var values = Values(p);
            for (int i = 0; i < Names.Count; i++)
            {
                o[Names[i]] = values[i] switch
                {
                    null => null,
                    double d => JsonValue.Create(d),
                    int n => JsonValue.Create(n),
                    bool b => JsonValue.Create(b),
                    var v => JsonValue.Create(v.ToString()),
                };
            }

            points.Add(o);
        }

        return new JsonObject
        {
            ["points"] = points,
            ["max_rate_meeting_sla"] = result.MaxRateMeetingSla is { } r ? JsonValue.Create(r) : null,
            ["stats"] = new JsonObject
            {
                ["simulated_requests"] = result.SimulatedRequests,
                ["seconds"] = result.Seconds,
                ["requests_per_second"] = result.RequestsPerSecond,
                ["backend"] = result.Backend,
            },
        };
    }

    /// <summary>The CSV text: a header, then one line per point (empty cells for nulls, invariant culture).</summary>
    public static string Csv(IEnumerable<LoadPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var csv = new StringBuilder().AppendLine(string.Join(',', Names));
        foreach (var p in points)
        {
            csv.AppendLine(string.Join(',', Values(p).Select(v => v switch
            {
                null => "",
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                var o => Convert.ToString(o, CultureInfo.InvariantCulture),
            })));
        }

        return csv.ToString();
    }
}
