// From a serving point to a business: how many GPUs a daily token demand needs at a point that meets an SLA, what the
// fleet costs and earns at list prices, and what a terse vs a verbose answer costs per task.
// Run: dotnet run --project samples/FleetPlanning
using TokenKernels;

var hardware = BuiltInCatalog.GetHardware("h200");
var model = BuiltInCatalog.GetModel("deepseek-r1");
var workload = new Workload { InputTokens = 2000, OutputTokens = 1000 };
var sla = (MaxTtft: Duration.FromSeconds(2), MinTokSUser: 20.0);
Usd listOutput = new(2.19), listInput = new(0.55); // DeepSeek's list prices for R1, $ per M tokens (cache miss)
const double OutputTokensPerDay = 50e9;

// The largest batch (in steps of two) that still meets the SLA: the cheapest tokens this deployment offers under it.
ServingPoint? chosen = null;
int chosenBatch = 0;
for (int batch = 8; batch <= 4096; batch *= 2)
{
    var p = TokenCost.Evaluate(hardware, model, new Deployment { Gpus = 8, Ep = 8, Dp = 8, KvCache = Precision.Fp8, Batch = batch }, workload);
    if (p.Feasible && p.Ttft <= sla.MaxTtft && p.TokSUser >= sla.MinTokSUser)
    {
        (chosen, chosenBatch) = (p, batch);
    }
}

if (chosen is not { } point)
{
    Console.WriteLine("No batch meets the SLA on this deployment.");
    return 1;
}

Console.WriteLine($"{model.Id} on 8x {hardware.Id}, batch {chosenBatch}: TTFT {point.Ttft}, {point.TokSUser:0.0} tok/s/user, " +
    $"{point.OutputTokSGpu:0} output tok/s/GPU, {point.UsdPerMtokOutput} per M output tokens");

var fleet = Economics.PlanFleet(point, OutputTokensPerDay, instanceGpus: 8, listOutput, listInput);
Console.WriteLine($"fleet for {OutputTokensPerDay / 1e9:0} B output tokens/day: {fleet.Gpus} GPUs at {fleet.Utilization:P0} utilisation " +
    $"(capacity {fleet.CapacityOutputTokensPerDay / 1e9:0.0} B/day)");
Console.WriteLine($"cost ${fleet.CostPerDay.Dollars:N0}/day, revenue at list prices ${fleet.RevenuePerDay.Dollars:N0}/day, margin {fleet.Margin:P0}");

Console.WriteLine($"{"answer",-8} {"tokens",6} {"latency",9} {"$ per 1000 tasks",16}");
foreach (var (style, answerTokens) in new[] { ("terse", 150), ("verbose", 3000) })
{
    var task = Economics.EstimateTask(point, promptTokens: 2000, answerTokens);
    Console.WriteLine($"{style,-8} {answerTokens,6} {task.Latency,9} {task.Cost.Dollars * 1000,16:0.00}");
}

return fleet.Gpus > 0 && fleet.Utilization is > 0 and <= 1 ? 0 : 1;
