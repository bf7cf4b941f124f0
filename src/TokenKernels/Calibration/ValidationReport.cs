namespace TokenKernels.Calibration;

/// <summary>Predictions of a measurements file against the measurements: per row, per metric, per hardware and per source.</summary>
public sealed record ValidationReport
{
    /// <summary>Name of the aggregate metric over each row's main per-GPU throughput.</summary>
    public const string ThroughputMetric = "tok_s_gpu";

    /// <summary>Every row, in file order.</summary>
    public required IReadOnlyList<RowValidation> Rows { get; init; }

    /// <summary>Accuracy per metric over all rows; <see cref="ThroughputMetric"/> first.</summary>
    public required IReadOnlyList<MetricSummary> Summary { get; init; }

    /// <summary>Accuracy per hardware id.</summary>
    public required IReadOnlyList<GroupSummary> ByHardware { get; init; }

    /// <summary>Accuracy per source.</summary>
    public required IReadOnlyList<GroupSummary> BySource { get; init; }

    /// <summary>Accuracy per software stack and workload kind: engine x model family x vendor ("tensorrt-llm / deepseek / NVIDIA").</summary>
    public IReadOnlyList<GroupSummary> ByStack { get; init; } = [];

    /// <summary>
    /// Accuracy per benchmark kind (<see cref="RowValidation.Kind"/>), then the named kinds together; each group also
    /// carries <see cref="InteractivityMetric"/>.
    /// </summary>
    public IReadOnlyList<GroupSummary> ByKind { get; init; } = [];

    /// <summary>
    /// Name of the pooled interactivity metric: every tok_s_user and tpot_ms comparison of a group together, TPOT as the
    /// rate it implies (1000 / TPOT tokens per second per user), so errors and ratios all speak of a per-user rate.
    /// </summary>
    public const string InteractivityMetric = "tok_s_user+tpot_ms";

    /// <summary>The <see cref="ByKind"/> group of the named kinds together (every kind but "other").</summary>
    public const string NamedKindsGroup = "the three kinds together";

    /// <summary>Summarises predicted rows.</summary>
    public static ValidationReport From(IReadOnlyList<RowValidation> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new ValidationReport
        {
            Rows = rows,
            Summary = Summarise(rows),
            ByHardware = Group(rows, r => r.Hardware),
            BySource = Group(rows, r => r.Source),
            ByStack = Group(rows, StackOf),
            ByKind = Kinds(rows),
        };
    }

    /// <summary>Per-metric accuracy of a set of rows: the throughput aggregate, then each column measured.</summary>
    public static IReadOnlyList<MetricSummary> Summarise(IEnumerable<RowValidation> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.Where(r => r.Error is null).ToList();
        var result = new List<MetricSummary>();
        var throughput = list.Where(r => r.Throughput is not null).Select(r => r.Throughput!.Value).ToList();
        if (throughput.Count > 0)
        {
            result.Add(SummaryOf(ThroughputMetric, throughput));
        }

        foreach (var metric in MeasuredMetricNames.All)
        {
            string name = metric.ToColumn();
            var comparisons = list.SelectMany(r => r.Metrics).Where(c => c.Metric == name).ToList();
            if (comparisons.Count > 0)
            {
                result.Add(SummaryOf(name, comparisons));
            }
        }

        return result;
    }

    /// <summary>The <see cref="ByStack"/> key of a row: engine / model family / vendor.</summary>
    public static string StackOf(RowValidation row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return $"{row.Engine} / {row.Family} / {row.Vendor}";
    }

    private static List<GroupSummary> Kinds(IReadOnlyList<RowValidation> rows)
    {
        var named = rows.Where(r => r.Kind != RowGroups.OtherKind).ToList();
        var groups = rows.GroupBy(r => r.Kind).OrderBy(g => g.Key == RowGroups.OtherKind).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, Rows: (IReadOnlyList<RowValidation>)[.. g])).ToList();
        if (named.Count > 0)
        {
            groups.Add((NamedKindsGroup, named));
        }

        return [.. groups.Select(g => new GroupSummary { Group = g.Key, Rows = g.Rows.Count, Metrics = WithInteractivity(g.Rows) })];
    }

    private static List<MetricSummary> WithInteractivity(IReadOnlyList<RowValidation> rows)
    {
        var metrics = Summarise(rows).ToList();
        var pooled = rows.Where(r => r.Error is null).SelectMany(r => r.Metrics)
            .Where(c => c.Metric is "tok_s_user" or "tpot_ms")
            .Select(c => c.Metric == "tpot_ms" ? new MetricComparison(c.Metric, 1000 / c.Measured, 1000 / c.Predicted) : c)
            .ToList();
        if (pooled.Count > 0)
        {
            metrics.Add(SummaryOf(InteractivityMetric, pooled));
        }

        return metrics;
    }

    private static List<GroupSummary> Group(IReadOnlyList<RowValidation> rows, Func<RowValidation, string> key) =>
        [.. rows.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new GroupSummary { Group = g.Key, Rows = g.Count(), Metrics = Summarise(g) })];

    private static MetricSummary SummaryOf(string name, List<MetricComparison> comparisons) => new()
    {
        Metric = name,
        Rows = comparisons.Count,
        MedianAbsPctError = Median(comparisons.Select(c => Math.Abs(c.RelError) * 100)),
        WorstRatio = comparisons.Max(c => c.Ratio),
        ShareOffByMoreThan2x = comparisons.Count(c => c.Ratio > 2) / (double)comparisons.Count,
        MedianRatio = Median(comparisons.Select(c => c.Predicted / c.Measured)),
    };

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }
}
