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
