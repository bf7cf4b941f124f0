// The throughput-vs-speed frontier of Llama 3.3 70B on H200 and B200 over GPUs per instance and batch sizes,
// then the cheapest configuration that keeps every user above 50 tok/s with TTFT under half a second.
// Run: dotnet run --project samples/Frontier
using TokenKernels;

var grid = new SweepGrid
{
    Models = [BuiltInCatalog.GetModel("llama-3.3-70b")],
    Hardware = [BuiltInCatalog.GetHardware("h200"), BuiltInCatalog.GetHardware("b200")],
    Gpus = [1, 2, 4, 8],
    Batch = AxisValues.ParseIntegers("1..512:x2", "batch"),
    InputTokens = [1000],
    OutputTokens = [1000],
};

using var engine = new SweepEngine(); // a CUDA or OpenCL GPU when present, else every CPU core
var frontier = engine.Frontier(grid);
foreach (var p in frontier.Value)
{
    var c = p.Configuration;
    Console.WriteLine($"{c.Hardware,-5} {c.Gpus} GPUs batch {c.Batch,4}: {p.Metrics.TokSUser,7:0.0} tok/s/user {p.Metrics.OutputTokSGpu,7:0} tok/s/GPU {p.Metrics.UsdPerMtokTotal}/Mtok");
}

var sla = new ServiceLevel { MaxTtft = Duration.FromSeconds(0.5), MinTokSUser = 50 };
var cheapest = engine.Cheapest(grid, sla).Value;
Console.WriteLine(cheapest is { } best
    ? $"cheapest at >= 50 tok/s/user: {best.Configuration.Hardware} x {best.Configuration.Gpus}, batch {best.Configuration.Batch}, {best.Metrics.UsdPerMtokTotal}/Mtok"
    : "no configuration meets the SLA");
Console.WriteLine($"{frontier.Stats.ConfigsEvaluated} configurations on {frontier.Stats.Backend}");

// A sample is also a check in CI: the grid holds feasible configurations, so the frontier cannot be empty.
return frontier.Value.Count > 0 ? 0 : 1;
