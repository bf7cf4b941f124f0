// DeepSeek's published day (Feb 2025) served by the model: how many H800s the same traffic needs at each speed per user,
// against the 1,814 GPUs DeepSeek states it ran, so the compute it keeps for research becomes a number.
// Economics.PlanFleet sizes the fleets; TokenCharts draws them. Run: dotnet run --project samples/DeepSeekFleet [-- OUTPUT_FOLDER]
using TokenKernels;

var scenario = FleetScenario.DeepSeek202502;
var demand = scenario.Demand;
var grid = new SweepGrid
{
    Models = [BuiltInCatalog.GetModel(scenario.Model)],
    Hardware = [BuiltInCatalog.GetHardware(scenario.Hardware)],
    Gpus = [8, 16, 32],
    // DeepSeek's own service splits prefill (EP32 units) and decode (EP144 units) pools; colocated attention DP pays for
    // each new prompt at its busiest rank.
    Disaggregated = [false, true],
    PrefillGpus = [16, 32],
    DecodeGpus = [32, 64, 144],
    Tp = [1],
    Ep = [8, 16, 32],
    Weights = [Precision.Fp8],
    KvCache = [Precision.Fp8],
    Batch = AxisValues.ParseIntegers("1..2048:x1.25", "batch"),
    // The day's input:output ratio (608B : 168B) on 1,000-token answers, and its 56.3% cache hits.
    InputTokens = [(int)Math.Round(1000 * demand.InputTokensPerDay / demand.OutputTokensPerDay)],
    OutputTokens = [1000],
    PrefixCacheHit = demand.CacheHitShare,
    // DeepSeek-V3 technical report: the second (MTP) token is accepted 85-90% of the time.
    MtpAcceptance = [1.85],
};

using var engine = new SweepEngine(); // a CUDA or OpenCL GPU when present, else every CPU core
double[] targets = [10, 20, 30, 50, 75];
var report = Economics.PlanFleet(engine, scenario, grid, targets);

Console.WriteLine($"{scenario.Name}: {demand.InputTokensPerDay / 1e9:0}B input ({demand.CacheHitShare * 100:0.0}% cache hits), {demand.OutputTokensPerDay / 1e9:0}B output tokens a day on {scenario.Hardware} at ${scenario.GpuHourPrice.Dollars:0.00}/GPU-hour");
Console.WriteLine($"stated: {report.GpusStated:#,0} GPUs, ${report.CostPerDay!.Value.Dollars:#,0} a day; revenue at list prices ${report.RevenuePerDay.Dollars:#,0} a day, margin on cost {report.MarginOnCost * 100:0}%");
Console.WriteLine($"{"tok/s/user",10} {"GPUs",7} {"$/day",10} {"margin on cost",15} {"GPUs left of stated",20}");
foreach (var f in report.AtTokSUser)
{
    Console.WriteLine(f.Gpus is { } gpus
        ? $"{f.TokSUser,10:0} {gpus,7:#,0} {f.CostPerDay!.Value.Dollars,10:#,0} {$"{f.MarginOnCost * 100:0}%",15} {report.GpusStated - gpus,20:#,0}"
        : $"{f.TokSUser,10:0} {"none",7}");
}

// The chart: PNG and SVG (ScottPlot) and a self-contained interactive HTML page.
var chart = TokenCharts.FleetAgainstInteractivity(report);
ChartFile.WriteAll(chart, ChartFile.OutputFolder(args), "deepseek-fleet");

Console.WriteLine($"wrote deepseek-fleet (.png, .svg, .html): {chart.Series[0].Points.Count} fleet sizes");

// A sample is also a check in CI: the model's fleet exists at DeepSeek's own 20 tok/s/user.
return report.Model.Gpus is not null ? 0 : 1;
