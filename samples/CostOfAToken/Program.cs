// What does a token cost? A few serving configurations from the built-in catalog, evaluated with the shipped profile.
// Run: dotnet run --project samples/CostOfAToken
using System.Globalization;
using TokenKernels;

var workload = new Workload { InputTokens = 1000, OutputTokens = 1000 };
(string Model, string Hardware, Deployment Deployment)[] configs =
[
    ("llama-3.3-70b", "h200", new Deployment { Gpus = 1, Weights = Precision.Fp8, Batch = 32 }),
    ("llama-3.3-70b", "b200", new Deployment { Gpus = 1, Weights = Precision.Fp4, Batch = 32 }),
    ("gpt-oss-120b", "h200", new Deployment { Gpus = 1, Weights = Precision.Fp4, Batch = 64 }),
    ("qwen3-235b-a22b", "mi355x", new Deployment { Gpus = 8, Weights = Precision.Fp8, Ep = 8, Batch = 128 }),
    ("deepseek-r1", "h200", new Deployment { Gpus = 8, Weights = Precision.Fp8, Ep = 8, Dp = 8, Batch = 256, KvCache = Precision.Fp8 }),
    ("deepseek-r1", "gb200", new Deployment { Gpus = 72, Weights = Precision.Fp4, Ep = 72, Dp = 72, Batch = 2304 }),
];

Console.WriteLine($"{"model",-15} {"hardware",-9} {"gpus",4} {"weights",7} {"batch",5} {"TPOT ms",8} {"tok/s/user",10} {"out tok/s/GPU",13} {"$/Mtok out",10} {"bound",-8}");
int failures = 0;
foreach (var (model, hardware, deployment) in configs)
{
    var p = TokenCost.Evaluate(BuiltInCatalog.GetHardware(hardware), BuiltInCatalog.GetModel(model), deployment, workload);
    string cost = p.UsdPerMtokOutput is { } usd ? usd.Dollars.ToString("0.000", CultureInfo.InvariantCulture) : "-";
    string row = p.Feasible
        ? string.Create(CultureInfo.InvariantCulture, $"{p.Tpot.Milliseconds,8:0.0} {p.TokSUser,10:0.0} {p.OutputTokSGpu,13:0} {cost,10} {p.DecodeBound.ToString().ToLowerInvariant(),-8}")
        : $"infeasible: {p.Reason.Describe()}";
    Console.WriteLine($"{model,-15} {hardware,-9} {deployment.Gpus,4} {deployment.Weights.ToId(),7} {deployment.Batch,5} {row}");

    // A sample is also a check in CI: every configuration above is chosen to fit, and must give finite figures.
    if (!p.Feasible || !double.IsFinite(p.Tpot.Seconds) || p.Tpot.Seconds <= 0)
    {
        failures++;
    }
}

return failures == 0 ? 0 : 1;
