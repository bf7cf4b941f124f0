using System.Text.Json.Nodes;
using Xunit;

namespace TokenKernels.Tests.Cli;

/// <summary><c>--lengths</c> with <c>--context</c> as a cap, and <c>--rate</c>, in <c>sweep</c>, <c>frontier</c> and <c>cheapest</c>.</summary>
public class LengthMixCommandTests
{
    private static readonly string[] Grid =
        ["--model", "llama-3.3-70b", "--hardware", "h200", "--gpus", "2,4,8", "--batch", "1..512:x2", "--backend", "cpu"];

    [Theory]
    [InlineData("--lengths", "sweep", "--lengths", "1000:200", "--isl", "1000", "--osl", "200")]
    [InlineData("--context", "sweep", "--isl", "1000", "--osl", "200", "--context", "8192")]
    [InlineData("--context", "frontier", "--isl", "1000", "--osl", "200", "--context", "8192")]
    [InlineData("--lengths", "sweep", "--lengths", "lognormal:in=1000,out=200,sigma=1")]
    [InlineData("--lengths", "sweep", "--lengths", "9000:200", "--context", "8192")]
    [InlineData("--isl", "sweep", "--osl", "200")]
    [InlineData("--rate", "cheapest", "--lengths", "1000:200", "--rate", "3", "--load", "0.5", "--min-tok-s-user", "1")]
    [InlineData("--rate", "cheapest", "--lengths", "1000:200", "--rate", "0", "--min-tok-s-user", "1")]
    public void BadLengthsOrRate_NameTheOption(string option, string command, params string[] rest)
    {
        var (code, _, error) = CliHarness.Run([command, .. Grid, .. rest]);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {option}:", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_PointsCarryTheMixAndTheShareTheCapTruncates()
    {
        var point = CliHarness.Json(["cheapest", .. Grid, "--lengths", "lognormal:in=2000,out=500,sigma=1", "--context", "16384", "--min-tok-s-user", "1", "--rate", "2", "--max-ttft-s", "10"])["point"]!.AsObject();
        Assert.Equal("lognormal:in=2000,out=500,sigma=1", point["lengths"]!.GetValue<string>());
        Assert.Equal(16384, point["context_cap"]!.GetValue<int>());
        Assert.InRange(point["truncated_share"]!.GetValue<double>(), 1e-4, 0.2);
        Assert.Equal(2.0, point["rate"]!.GetValue<double>());
        Assert.InRange(point["offered_load"]!.GetValue<double>(), 1e-6, 0.999);
        Assert.NotNull(point["ttft_s_p90_at_load"]);
    }

    [Fact]
    public void Cheapest_ShorterMixUnderTheSameCap_HoldsALargerBatch()
    {
        // Without --lengths, --context 32768 is today's rule (each sequence of the batch holds 32K tokens); a 1000:200
        // mix under the same cap reserves 1200 tokens per sequence, so the largest feasible batch is larger.
        JsonObject Best(params string[] rest) => CliHarness.Json(["cheapest", .. Grid, "--min-tok-s-user", "1", "--context", "32768", .. rest])["point"]!.AsObject();
        var reserved = Best("--isl", "1000", "--osl", "200");
        var capped = Best("--lengths", "1000:200");
        Assert.True(reserved["max_context"]!.GetValue<int>() >= 32768);
        Assert.True(capped["batch"]!.GetValue<int>() > reserved["batch"]!.GetValue<int>(), $"{capped["batch"]} vs {reserved["batch"]}");
    }
}
