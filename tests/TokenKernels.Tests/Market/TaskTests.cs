using TokenKernels.Tests.Cli;
using Xunit;

namespace TokenKernels.Tests.Market;

/// <summary><c>task</c>: latency and cost of one task per answer length, by hand; unknown providers named.</summary>
public class TaskTests
{
    private const string Offers =
        "provider,model,usd_per_mtok_input,usd_per_mtok_input_cache_hit,usd_per_mtok_output,ttft_s,tok_s_user,context_tokens,hardware,source\n" +
        "Verbose,some-model,1,,4,2,30,64000,,test\n" +
        "Terse,other-model,3,,15,0.5,10,200000,,test\n" +
        "Unknown speed,some-model,1,,4,2,,64000,,test\n";

    [Fact]
    public void CompareTasks_ByHand()
    {
        var offers = OfferCsv.Parse(Offers);
        var rows = TokenKernels.Economics.CompareTasks(
            [TaskCandidate.FromOffer(offers[0], 3000), TaskCandidate.FromOffer(offers[1], 1000)], promptTokens: 1000);

        // Verbose: 2 s + 3000 / 30 tok/s = 102 s; (1000 x $1 + 3000 x $4) / 1e6 = $0.013.
        // Terse, a third of the tokens at a third of the speed and higher prices: 0.5 s + 1000 / 10 = 100.5 s (sooner);
        // (1000 x $3 + 1000 x $15) / 1e6 = $0.018.
        Assert.Equal(102, rows[0].Latency.Seconds, 9);
        Assert.Equal(0.013, rows[0].Cost.Dollars, 12);
        Assert.Equal(100.5, rows[1].Latency.Seconds, 9);
        Assert.Equal(0.018, rows[1].Cost.Dollars, 12);
        Assert.Equal(["Verbose", "Terse"], rows.Select(r => r.Name));
    }

    [Fact]
    public void FromOffer_WithoutASpeed_SaysWhatIsMissing()
    {
        var e = Assert.Throws<ArgumentException>(() => TaskCandidate.FromOffer(OfferCsv.Parse(Offers)[2], 100));
        Assert.Contains("tok_s_user", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_Offers_ContractShape()
    {
        string path = Write();
        try
        {
            var json = CliHarness.Json("task", "--prompt-tokens", "1000", "--offers", path, "--answer-tokens", "Verbose=3000,terse=1000");
            var rows = json["rows"]!.AsArray();
            Assert.Equal(2, rows.Count);
            Assert.Equal("Verbose", rows[0]!["name"]!.GetValue<string>());
            Assert.Equal(3000, rows[0]!["answer_tokens"]!.GetValue<int>());
            Assert.Equal(102, rows[0]!["latency_s"]!.GetValue<double>(), 9);
            Assert.Equal(0.018, rows[1]!["usd"]!.GetValue<double>(), 12);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("Nobody=100", "Nobody")]
    [InlineData("Verbose=many", "--answer-tokens")]
    [InlineData("Unknown speed=100", "tok_s_user")]
    public void Cli_BadAnswers_AreNamed_Exit2(string answers, string named)
    {
        string path = Write();
        try
        {
            var (code, output, error) = CliHarness.Run("task", "--prompt-tokens", "1000", "--offers", path, "--answer-tokens", answers);
            Assert.Equal(2, code);
            Assert.Empty(output);
            Assert.Single(error.TrimEnd('\n', '\r').Split('\n'));
            Assert.Contains(named, error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Cli_Serve_ModelsTheTask_AtTheRequestedSpeed()
    {
        var json = CliHarness.Json("task", "--prompt-tokens", "1000", "--serve", "llama-3.1-8b@h200=300,llama-3.1-8b@h200=900",
            "--gpus", "1", "--tp", "1", "--ep", "1", "--batch", "1..64:x2", "--min-tok-s-user", "50", "--backend", "scalar");
        var rows = json["rows"]!.AsArray();

        // The longer answer takes longer and costs more; each row is served at >= 50 tok/s/user, so latency - TTFT <= tokens / 50.
        Assert.True(rows[1]!["latency_s"]!.GetValue<double>() > rows[0]!["latency_s"]!.GetValue<double>());
        Assert.True(rows[1]!["usd"]!.GetValue<double>() > rows[0]!["usd"]!.GetValue<double>());
        Assert.All(rows, r => Assert.Equal("modelled", r!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public void Cli_Serve_AtALoad_WaitsTheP90TtftAtThatLoad()
    {
        // No TTFT bound: the load changes no cost, so both runs pick the same configuration (same TPOT); the task at 80% load
        // then takes exactly its extra queueing longer: latency(load) - latency(none) = ttft(load) - ttft(none) > 0.
        string[] args = ["task", "--prompt-tokens", "4000", "--serve", "llama-3.1-8b@h200=300",
            "--gpus", "1", "--tp", "1", "--ep", "1", "--batch", "1..64:x2", "--min-tok-s-user", "50", "--backend", "scalar"];
        var none = CliHarness.Json(args)["rows"]![0]!;
        var loaded = CliHarness.Json([.. args, "--load", "0.8"])["rows"]![0]!;
        Assert.Equal(none["configuration"]!.ToJsonString(), loaded["configuration"]!.ToJsonString());
        double extra = loaded["ttft_s"]!.GetValue<double>() - none["ttft_s"]!.GetValue<double>();
        Assert.True(extra > 0, $"queueing at 80% load adds {extra} s");
        Assert.Equal(extra, loaded["latency_s"]!.GetValue<double>() - none["latency_s"]!.GetValue<double>(), 9);
    }

    private static string Write()
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, Offers);
        return path;
    }
}
