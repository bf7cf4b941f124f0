namespace TokenKernels.Tests.Charting;

/// <summary>Hand-built inputs for the chart tests: round numbers whose drawn positions can be worked out by hand.</summary>
internal static class ChartData
{
    public static FrontierPoint Point(int group, string hardware, double tokSUser, double outputTokSGpu, double? usdTotal, int batch = 8) => new()
    {
        Group = group,
        Configuration = new SweepConfiguration
        {
            Hardware = hardware, Model = "m", Gpus = 8, Tp = 8, Ep = 1, Dp = 1, Pp = 1, Batch = batch, InputTokens = 1000, OutputTokens = 1000,
            Weights = Precision.Fp8, KvCache = Precision.Fp8, MtpAcceptance = 1,
        },
        Metrics = new ServingPoint
        {
            TokSUser = tokSUser,
            OutputTokSGpu = outputTokSGpu,
            UsdPerMtokTotal = usdTotal is { } t ? new Usd(t) : null,
            UsdPerMtokOutput = usdTotal is { } o ? new Usd(2 * o) : null,
            UsdPerMtokInput = usdTotal is { } i ? new Usd(i / 4) : null,
        },
    };

    // Two frontiers spanning decades on both axes (tok/s/user 5..200, tok/s/GPU 20..4000, $0.05..$10).
    public static IReadOnlyList<FrontierSeries> TwoFrontiers() =>
    [
        new("m on a", [Point(0, "a", 5, 4000, 0.05), Point(0, "a", 20, 1000, 0.2), Point(0, "a", 200, 20, 10)]),
        new("m on b", [Point(1, "b", 10, 3000, 0.1), Point(1, "b", 100, 100, 2)]),
    ];
}
