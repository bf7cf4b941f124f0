using System.Text.Json.Nodes;
using TokenKernels.Calibration;

namespace TokenKernels.Cli.Output;

/// <summary>JSON of validation results, in the shape DESIGN.md section 3 fixes for <c>validate --json</c>.</summary>
public static class ValidationJson
{
    /// <summary><c>{"rows": [...], "summary": [...], "by_hardware": [...], "by_source": [...], "by_stack": [...], "by_kind": [...]}</c>.</summary>
    public static JsonObject Report(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new JsonObject
        {
            ["rows"] = new JsonArray([.. report.Rows.Select(Row)]),
            ["summary"] = Summary(report.Summary),
            ["by_hardware"] = Groups(report.ByHardware, "hardware"),
            ["by_source"] = Groups(report.BySource, "source"),
            ["by_stack"] = Groups(report.ByStack, "stack"),
            ["by_kind"] = Groups(report.ByKind, "kind"),
        };
    }

    /// <summary>Per-metric summaries: <c>[{"metric", "rows", "median_abs_pct_error", "worst_ratio", ...}]</c>.</summary>
    public static JsonArray Summary(IEnumerable<MetricSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        return new JsonArray([.. summaries.Select(s => (JsonNode)new JsonObject
        {
            ["metric"] = s.Metric,
            ["rows"] = s.Rows,
            ["median_abs_pct_error"] = Math.Round(s.MedianAbsPctError, 2),
            ["worst_ratio"] = Math.Round(s.WorstRatio, 3),
            ["share_off_by_more_than_2x"] = Math.Round(s.ShareOffByMoreThan2x, 4),
            ["median_ratio"] = Math.Round(s.MedianRatio, 4),
        })]);
    }

    /// <summary>Per-group summaries, the group's key under <paramref name="key"/>.</summary>
    public static JsonArray Groups(IEnumerable<GroupSummary> groups, string key)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject
        {
            [key] = g.Group,
            ["rows"] = g.Rows,
            ["summary"] = Summary(g.Metrics),
        })]);
    }

    private static JsonObject Row(RowValidation r) => new()
    {
        ["id"] = r.Id,
        ["source"] = r.Source,
        ["hardware"] = r.Hardware,
        ["model"] = r.Model,
        ["engine"] = r.Engine,
        ["family"] = r.Family,
        ["vendor"] = r.Vendor,
        ["kind"] = r.Kind,
        ["error"] = r.Error,
        ["chosen"] = new JsonObject([.. r.Chosen.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Setting(kv.Value)))]),
        ["metrics"] = new JsonArray([.. r.Metrics.Select(c => (JsonNode)new JsonObject
        {
            ["metric"] = c.Metric,
            ["measured"] = c.Measured,
            ["predicted"] = Math.Round(c.Predicted, 6),
            ["rel_error"] = Math.Round(c.RelError, 6),
        })]),
    };

    // Numbers stay numbers in JSON ("tp": 8), precisions and flags stay strings.
    private static JsonValue Setting(string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double number)
            ? JsonValue.Create(number)
            : JsonValue.Create(value);
}
