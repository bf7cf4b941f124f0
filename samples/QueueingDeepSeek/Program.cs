using System.Globalization;
using TokenKernels;

// Where multi-second TTFT comes from: DeepSeek-R1 on 16 x H800 (EP 16, DP attention, FP8 KV) with a 64K context cap,
// requests of log-normal length, Poisson arrivals. A lightly batched configuration (at most 32 sequences) against a
// heavily batched one (512), as the arrival rate grows: TTFT P50/P99, tok/s per user, and $/Mtok at that load.
var hardware = BuiltInCatalog.GetHardware("h800");
var model = BuiltInCatalog.GetModel("deepseek-r1");
var lengths = LengthDistribution.Parse("lognormal:in=1500,out=1000,sigma=1").WithContextCap(65536);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model.Name} on 16 x {hardware.Name}; lengths {lengths}: mean {lengths.MeanInputTokens:F0} in / {lengths.MeanOutputTokens:F0} out, {lengths.TruncatedShare:P2} truncated by the cap"));

var rates = new[] { 0.25, 0.5, 1, 2, 4, 8 }.Select(ArrivalProcess.Poisson).ToList();
using (var simulator = new LoadSimulator())
{
    foreach (int batch in new[] { 32, 512 })
    {
        var simulation = new LoadSimulation
        {
            Hardware = hardware,
            Model = model,
            Deployment = new Deployment { Gpus = 16, Ep = 16, Dp = 16, Weights = Precision.Fp8, KvCache = Precision.Fp8, Batch = batch },
            Lengths = lengths,
            Loads = rates,
            RequestsPerSeed = 1000,
            Seeds = 4,
            MaxTtftSeconds = 5,
        };
        var result = simulator.Run(simulation, findMaxRateMeetingSla: true);
        Console.WriteLine();
        Console.WriteLine($"batch limit {batch}");
        Console.WriteLine("  req/s   TTFT p50   TTFT p99   tok/s/user   $/Mtok out");
        foreach (var p in result.Points)
        {
            string row = p.Saturated
                ? string.Create(CultureInfo.InvariantCulture, $"  {p.Rate,5:0.##}   saturated: serves {p.RequestsPerSecond:0.00} req/s at most")
                : string.Create(CultureInfo.InvariantCulture, $"  {p.Rate,5:0.##}   {p.TtftP50,7:0.00} s  {p.TtftP99,7:0.00} s   {p.TokSUserP50,10:0.0}   {p.UsdPerMtokOutput,10:0.00}");
            Console.WriteLine(row);
        }

        Console.WriteLine(result.MaxRateMeetingSla is { } best
            ? string.Create(CultureInfo.InvariantCulture, $"  highest rate with TTFT P90 <= 5 s: {best:0.00} req/s")
            : "  no rate meets TTFT P90 <= 5 s");
    }
}
