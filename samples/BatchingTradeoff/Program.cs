// The batching trade-off of DeepSeek-R1 on NVIDIA and AMD: a bigger batch makes each token cheaper and each user slower.
// SweepEngine finds, per accelerator, the frontier over layouts and batch sizes; TokenCharts draws $/Mtok (log) against
// tok/s per user and the throughput frontier. Run: dotnet run --project samples/BatchingTradeoff [-- OUTPUT_FOLDER]
using TokenKernels;

var grid = new SweepGrid
{
    Models = [BuiltInCatalog.GetModel("deepseek-r1")],
    Hardware = [BuiltInCatalog.GetHardware("h200"), BuiltInCatalog.GetHardware("b200"), BuiltInCatalog.GetHardware("mi300x"), BuiltInCatalog.GetHardware("mi355x")],
    Gpus = [8],
    Tp = [1, 8],
    Ep = [8],
    Weights = [Precision.Fp8],
    KvCache = [Precision.Fp8],
    Batch = AxisValues.ParseIntegers("1..4096:x1.25", "batch"),
    InputTokens = [1024],
    OutputTokens = [1024],
};

using var engine = new SweepEngine(); // a CUDA or OpenCL GPU when present, else every CPU core
var series = FrontierSeries.ByGroup(engine.Frontier(grid).Value, p => p.Configuration.Hardware);

// The cheapest configuration at or above each speed per user, per accelerator ($/Mtok of input + output, catalog prices).
int[] targets = [20, 50, 100];
FrontierPoint? Cheapest(FrontierSeries s, int target) => s.Points
    .Where(p => p.Metrics.TokSUser >= target && p.Metrics.UsdPerMtokTotal is not null)
    .OrderBy(p => p.Metrics.UsdPerMtokTotal!.Value.Dollars).Cast<FrontierPoint?>().FirstOrDefault();
Console.WriteLine("DeepSeek-R1 FP8 on 8 GPUs, 1024 in / 1024 out: cheapest $ per M tokens (input + output) at or above each tok/s/user");
Console.WriteLine($"{"hardware",-8} {"$/GPU-h",7} {string.Join("", targets.Select(t => $"{$">= {t} tok/s/user",22}"))}");
foreach (var s in series)
{
    var cells = targets.Select(t => Cheapest(s, t) is { } best
        ? $"{$"${best.Metrics.UsdPerMtokTotal!.Value.Dollars:0.000} (batch {best.Configuration.Batch})",22}"
        : $"{"none",22}");
    Console.WriteLine($"{s.Label,-8} {s.Points[0].Metrics.GpuHourPrice!.Value.Dollars,7:0.00} {string.Join("", cells)}");
}

var at50 = series.Select(s => (s.Label, Usd: Cheapest(s, 50)?.Metrics.UsdPerMtokTotal?.Dollars ?? double.PositiveInfinity)).OrderBy(x => x.Usd).ToList();
Console.WriteLine($"at 50 tok/s/user {at50[0].Label} is the cheapest; {at50[^1].Label} costs {at50[^1].Usd / at50[0].Usd:0.0}x as much");

// The charts: PNG and SVG (ScottPlot) and a self-contained interactive HTML page each.
string folder = ChartFile.OutputFolder(args);
string subtitle = "DeepSeek-R1 FP8 on 8 GPUs, 1024 in / 1024 out, catalog prices";
var cost = TokenCharts.CostAgainstInteractivity(series, ChartCost.Total, subtitle);
var frontier = TokenCharts.Frontier(series, ChartCost.Total, subtitle);
ChartFile.WriteAll(cost, folder, "batching-tradeoff-cost");
ChartFile.WriteAll(frontier, folder, "batching-tradeoff-frontier");

Console.WriteLine($"wrote batching-tradeoff-cost and batching-tradeoff-frontier (.png, .svg, .html): {cost.Series.Count} accelerators");

// A sample is also a check in CI: every accelerator has a priced frontier.
return cost.Series.Count == grid.Hardware.Count ? 0 : 1;
