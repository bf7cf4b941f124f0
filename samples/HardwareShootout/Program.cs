// One model and one load on every accelerator of the catalog, export-limited (h800, h20) and AMD included: speed, and
// $/Mtok at the catalog's GPU-hour price. Where one 8-GPU node cannot hold the model the sample says why and tries two
// nodes (expert parallelism then crosses the scale-out network).
// Run: dotnet run --project samples/HardwareShootout
using TokenKernels;

var model = BuiltInCatalog.GetModel("deepseek-r1");
var workload = new Workload { InputTokens = 1000, OutputTokens = 1000 };
string[] accelerators = [.. BuiltInCatalog.Hardware.Select(h => h.Id)];

Console.WriteLine($"{model.Id}, fp8 weights and KV, ep = attention dp = GPUs, batch 32 per GPU, 1000 in / 1000 out");
Console.WriteLine($"{"hardware",-9} {"GPUs",4} {"$/GPU-h",7} {"TTFT ms",8} {"tok/s/user",10} {"out tok/s/GPU",13} {"$/Mtok out",10} {"$/Mtok in",9} {"bound",-7}");
int feasible = 0;
foreach (string id in accelerators)
{
    var hardware = BuiltInCatalog.GetHardware(id);
    string price = hardware.GpuHourPrice is { } hour ? $"{hour.Dollars:0.00}" : "-";
    int gpus = 8;
    var p = Evaluate(hardware, gpus);
    if (!p.Feasible)
    {
        Console.WriteLine($"{id,-9} {gpus,4} {price,7} infeasible: {p.Reason.Describe()}");
        p = Evaluate(hardware, gpus = 16);
    }

    if (!p.Feasible)
    {
        Console.WriteLine($"{id,-9} {gpus,4} {price,7} infeasible: {p.Reason.Describe()}");
        continue;
    }

    feasible++;
    // Hardware without a catalog price (h20 is sold only in China) gets speeds but no cost; pass Prices to price it.
    string output = p.UsdPerMtokOutput is { } o ? $"{o.Dollars:0.000}" : "no price";
    string input = p.UsdPerMtokInput is { } i ? $"{i.Dollars:0.000}" : "-";
    Console.WriteLine($"{id,-9} {gpus,4} {price,7} {p.Ttft.Milliseconds,8:0} {p.TokSUser,10:0.0} {p.OutputTokSGpu,13:0} {output,10} {input,9} {p.DecodeBound.ToString().ToLowerInvariant(),-7}");
}

return feasible == accelerators.Length ? 0 : 1;

ServingPoint Evaluate(HardwareSpec hardware, int gpus) => TokenCost.Evaluate(hardware, model,
    new Deployment { Gpus = gpus, Ep = gpus, Dp = gpus, Weights = Precision.Fp8, KvCache = Precision.Fp8, Batch = 32 * gpus }, workload);
