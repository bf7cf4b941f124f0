using TokenKernels.Calibration;
using Xunit;

namespace TokenKernels.Tests.Calibration;

public class InferenceXSweepsTests
{
    private static Measurement Row(string hardware, string model, Precision? weights, int? concurrency) => new()
    {
        Id = "IX",
        Source = "SemiAnalysisAI/InferenceX-app/packages/app/content/blog/test.mdx",
        Hardware = hardware,
        Model = model,
        Weights = weights,
        Phase = MeasurementPhase.EndToEnd,
        Disaggregated = false,
        Isl = 1024,
        Osl = 1024,
        Concurrency = concurrency,
        TotalTokSGpu = 1000,
    };

    private static int[] Tps(Measurement row, string engine, string family) =>
        [.. (InferenceXSweeps.Points(row, engine, family, row.Isl!.Value, row.Osl!.Value) ?? []).Select(p => p.Tp).Order()];

    [Fact]
    public void StatedConcurrency_KeepsTheTpsWhoseRangeHoldsIt_ElseEveryTp()
    {
        // vLLM gpt-oss on MI300X, 1k/1k (amd-master.yaml @fba4be0): tp 1 at 64 only, tp 2 and 4 at 4-64, tp 8 at 4-16.
        Assert.Equal([1, 2, 4], Tps(Row("mi300x", "gpt-oss-120b", Precision.Fp4, 64), "vllm", "gpt-oss"));
        Assert.Equal([2, 4, 8], Tps(Row("mi300x", "gpt-oss-120b", Precision.Fp4, 8), "vllm", "gpt-oss"));
        // No concurrency stated: every TP the sweep lists; one no range holds (1,000) also falls back to every TP.
        Assert.Equal([1, 2, 4, 8], Tps(Row("mi300x", "gpt-oss-120b", Precision.Fp4, null), "vllm", "gpt-oss"));
        Assert.Equal([1, 2, 4, 8], Tps(Row("mi300x", "gpt-oss-120b", Precision.Fp4, 1000), "vllm", "gpt-oss"));
    }

    [Fact]
    public void UnstatedPrecision_MatchesEveryPrecisionsSweep_WithTheWidestRangePerTp()
    {
        // SGLang DeepSeek on MI355X, 1k/1k: FP4 lists tp 4 and 8 (4-64), FP8 tp 8 (4-64); a row without a precision gets both TPs.
        var points = InferenceXSweeps.Points(Row("mi355x", "deepseek-r1", null, null), "sglang", "deepseek", 1024, 1024);
        Assert.NotNull(points);
        Assert.Equal([4, 8], points.Select(p => p.Tp).Order());
        Assert.All(points, p => Assert.Equal(64, p.MaxConcurrency));
        Assert.Equal([8], Tps(Row("mi355x", "deepseek-r1", Precision.Fp8, null), "sglang", "deepseek"));
    }

    [Fact]
    public void RowsTheSweepsDoNotDescribe_KeepTheOpenPlanner()
    {
        var row = Row("mi355x", "gpt-oss-120b", Precision.Fp4, null);
        Assert.NotNull(InferenceXSweeps.Points(row, "atom", "gpt-oss", 1024, 1024));
        Assert.Null(InferenceXSweeps.Points(row with { Source = "https://lmsys.org/blog/x" }, "atom", "gpt-oss", 1024, 1024));
        Assert.Null(InferenceXSweeps.Points(row with { Gpus = 8 }, "atom", "gpt-oss", 1024, 1024));
        Assert.Null(InferenceXSweeps.Points(row with { Tp = 8 }, "atom", "gpt-oss", 1024, 1024));
        Assert.Null(InferenceXSweeps.Points(row with { Disaggregated = true }, "atom", "gpt-oss", 1024, 1024));
        Assert.Null(InferenceXSweeps.Points(row with { Disaggregated = null }, "atom", "gpt-oss", 1024, 1024));
        Assert.Null(InferenceXSweeps.Points(row, "tensorrt-llm", "gpt-oss", 1024, 1024));
        Assert.Null(InferenceXSweeps.Points(row, "atom", "gpt-oss", 1024, 8192));
    }
}
