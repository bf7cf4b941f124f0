#:project ../src/TokenKernels/TokenKernels.csproj
using TokenKernels;

var point = TokenCost.Evaluate(
    BuiltInCatalog.GetHardware("h200"),
    BuiltInCatalog.GetModel("llama-3.3-70b"),
    new Deployment { Gpus = 1, Weights = Precision.Fp8, Batch = 32 },
    new Workload { InputTokens = 1000, OutputTokens = 1000 });
Console.WriteLine($"TPOT {point.Tpot}, {point.OutputTokSGpu:0} output tok/s/GPU, {point.UsdPerMtokOutput} per M output tokens");
