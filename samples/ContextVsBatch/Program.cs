// The context-window vs batch trade-off: KV capacity left after the weights bounds batch x context, so a longer context
// means a smaller batch; within that bound a bigger batch buys tok/s/GPU (cheaper tokens) with tok/s per user.
// Run: dotnet run --project samples/ContextVsBatch
using System.Globalization;
using TokenKernels;

(string Name, string Model, string Hardware, Deployment Deployment)[] setups =
[
    ("deepseek-r1 on 8x h200", "deepseek-r1", "h200", new Deployment { Gpus = 8, Ep = 8, Dp = 8, KvCache = Precision.Fp8, Batch = 1 }),
    ("llama-3.3-70b on 1x h200", "llama-3.3-70b", "h200", new Deployment { Gpus = 1, Batch = 1 }),
];
const int OutputTokens = 1000;
int[] inputLengths = [1_000, 8_000, 32_000, 128_000];
int[] batches = [1, 16, 64, 256];
int failures = 0;
foreach (var (name, model, hardware, deployment) in setups)
{
    ServingPoint Run(int batch, int inputTokens) => TokenCost.Evaluate(BuiltInCatalog.GetHardware(hardware),
        BuiltInCatalog.GetModel(model), deployment with { Batch = batch }, new Workload { InputTokens = inputTokens, OutputTokens = OutputTokens });

    Console.WriteLine($"{name} ({deployment.Weights.ToId()} weights, {deployment.KvCache.ToId()} KV, {OutputTokens} output tokens)");
    Console.WriteLine("max batch for a context:  " + string.Join("   ", inputLengths.Select(input => $"{input + OutputTokens,7:N0} tok -> {Run(1, input).MaxBatch,4}")));
    Console.WriteLine("max context for a batch:  " + string.Join("   ", batches.Select(batch => $"batch {batch,3} -> {Run(batch, 1000).MaxContext,7:N0} tok")));

    Console.WriteLine($"{"batch",6} {"tok/s/user",10} {"out tok/s/GPU",13} {"$/Mtok out",10} {"bound",-8} (1000 in / {OutputTokens} out)");
    double previousCost = double.PositiveInfinity;
    for (int batch = 1; batch <= 1024; batch *= 4)
    {
        var p = Run(batch, 1000);
        if (!p.Feasible)
        {
            Console.WriteLine($"{batch,6} infeasible: {p.Reason.Describe()}");
            continue;
        }

        double cost = p.UsdPerMtokOutput!.Value.Dollars;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{batch,6} {p.TokSUser,10:0.0} {p.OutputTokSGpu,13:0} {cost,10:0.000} {p.DecodeBound.ToString().ToLowerInvariant(),-8}"));

        // The trade-off this sample shows must hold: a bigger batch never makes an output token dearer here.
        failures += cost <= previousCost * 1.0001 ? 0 : 1;
        previousCost = cost;
    }

    Console.WriteLine();
}

return failures == 0 ? 0 : 1;
