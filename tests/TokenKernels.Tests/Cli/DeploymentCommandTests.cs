using Xunit;

namespace TokenKernels.Tests.Cli;

/// <summary>Layouts in <c>evaluate</c> (tp/dp 0 = the rest, <c>--layout best</c>) and disaggregated sweep axes on the command line.</summary>
public class DeploymentCommandTests
{
    [Fact]
    public void Evaluate_TpAloneFillsTheGpusWithDp_AsSweepsDo()
    {
        // 16 GPUs at tp 8: dp = 16 / 8 = 2 (before, dp defaulted to 1 and 8 x 1 != 16 was a layout mismatch).
        var json = CliHarness.Json("evaluate", "--model", "deepseek-r1", "--hardware", "h800", "--gpus", "16", "--tp", "8", "--batch", "64", "--isl", "1000", "--osl", "1000");
        Assert.True(json["feasible"]!.GetValue<bool>());
        Assert.Equal((8, 2), (json["tp"]!.GetValue<int>(), json["dp"]!.GetValue<int>()));
    }

    [Fact]
    public void EvaluateLayoutBest_ReturnsTheLayoutAndMatchesEvaluatingIt()
    {
        var best = CliHarness.Json("evaluate", "--model", "deepseek-r1", "--hardware", "h800", "--gpus", "16", "--batch", "64", "--isl", "1000", "--osl", "1000", "--layout", "best");
        Assert.Equal("best", best["layout"]!.GetValue<string>());
        Assert.Equal(16, best["gpus"]!.GetValue<int>());
        int tp = best["tp"]!.GetValue<int>(), ep = best["ep"]!.GetValue<int>(), dp = best["dp"]!.GetValue<int>(), pp = best["pp"]!.GetValue<int>();
        bool disaggregated = best["disaggregated"]!.GetValue<bool>();

        string[] args = ["evaluate", "--model", "deepseek-r1", "--hardware", "h800", "--gpus", "16", "--batch", "64", "--isl", "1000", "--osl", "1000",
            "--tp", $"{tp}", "--ep", $"{ep}", "--dp", $"{dp}", "--pp", $"{pp}"];
        if (disaggregated)
        {
            args = [.. args, "--disaggregated", "--prefill-gpus", $"{best["prefill_gpus"]}", "--decode-gpus", $"{best["decode_gpus"]}", "--decode-instances", $"{best["decode_instances"]}"];
        }

        var again = CliHarness.Json(args);
        Assert.Equal(best["total_tok_s_gpu"]!.GetValue<double>(), again["total_tok_s_gpu"]!.GetValue<double>());

        // A sweep over the same 16 GPUs' colocated layouts finds nothing with more total tok/s per GPU.
        var sweep = CliHarness.Json("cheapest", "--model", "deepseek-r1", "--hardware", "h800", "--gpus", "16", "--tp", "1,2,4,8,16", "--ep", "1,2,4,8,16",
            "--pp", "1,2,4", "--batch", "64", "--isl", "1000", "--osl", "1000", "--max-ttft-s", "1000", "--min-tok-s-user", "0", "--json");
        Assert.True(sweep["point"]!["total_tok_s_gpu"]!.GetValue<double>() <= best["total_tok_s_gpu"]!.GetValue<double>() * (1 + 1e-12));
    }

    [Fact]
    public void EvaluateLayoutBest_RejectsALayoutOption()
    {
        var (code, _, err) = CliHarness.Run("evaluate", "--model", "deepseek-r1", "--hardware", "h800", "--gpus", "16", "--tp", "8", "--batch", "64", "--isl", "1000", "--osl", "1000", "--layout", "best");
        Assert.Equal(2, code);
        Assert.Contains("--tp", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_DisaggregatedPointsCarryTheirPools_AndSaturationIsAFlagNotANumber()
    {
        // 8,000-token prompts: 8 prefill GPUs cannot feed 1024 sequences on 16 decode GPUs (saturated), 64 can.
        var json = CliHarness.Json("frontier", "--model", "deepseek-r1", "--hardware", "h200", "--gpus", "16", "--disaggregated", "false,true",
            "--prefill-gpus", "8,64", "--decode-gpus", "16", "--ep", "16", "--dp", "16", "--kv-cache", "fp8", "--batch", "1024",
            "--isl", "8000", "--osl", "1000", "--by", "gpus", "--json");
        var points = json["frontiers"]!.AsArray().SelectMany(f => f!["points"]!.AsArray()).Select(p => p!.AsObject()).ToList();
        Assert.Contains(points, p => !p["disaggregated"]!.GetValue<bool>() && p["prefill_gpus"] is null && p["gpus"]!.GetValue<int>() == 16);
        var starved = points.Single(p => p["disaggregated"]!.GetValue<bool>() && p["prefill_gpus"]!.GetValue<int>() == 8);
        Assert.Equal(24, starved["gpus"]!.GetValue<int>());
        Assert.Equal("prefill_pool", starved["saturated"]!.GetValue<string>());
        Assert.Null(starved["ttft_s"]);
        Assert.Equal(16, starved["decode_gpus"]!.GetValue<int>());
        Assert.Equal(1, starved["decode_instances"]!.GetValue<int>());
    }
}
