using TokenKernels.Tests.Cli;
using Xunit;

namespace TokenKernels.Tests.Traffic;

/// <summary><c>simulate</c>: the JSON/CSV contract of the traffic issue and named errors with exit code 2.</summary>
public class SimulateCommandTests
{
    private const string Base = "simulate --model llama-3.1-8b --hardware h200 --gpus 1 --batch 32";

    private static readonly string[] Fields =
    [
        "rate", "concurrency", "ttft_s_p50", "ttft_s_p90", "ttft_s_p99", "tpot_s_p50", "tpot_s_p99", "e2e_s_mean", "e2e_s_p99",
        "requests_per_s", "output_tok_s_gpu", "goodput_requests_per_s", "mean_in_system", "kv_utilization", "preemptions",
        "usd_per_mtok_output", "seeds",
    ];

    [Fact]
    public void Json_HasTheContractFields_AndSaturatedLevelsHaveNoLatency()
    {
        var doc = CliHarness.Json([.. (Base + " --lengths 1000:100 --rate 1,1000 --requests 200 --seeds 2 --max-ttft-s 1 --max-rate-meeting-sla").Split(' ')]);
        var points = doc["points"]!.AsArray();
        Assert.Equal(2, points.Count);
        foreach (var p in points)
        {
            foreach (string f in Fields)
            {
                Assert.True(p!.AsObject().ContainsKey(f), f);
            }
        }

        // 1000 req/s of 100 output tokens is far beyond one H200 at batch 32: flagged, no latency.
        Assert.False(points[0]!["saturated"]!.GetValue<bool>());
        Assert.True(points[1]!["saturated"]!.GetValue<bool>());
        Assert.Null(points[1]!["ttft_s_p50"]);
        Assert.Equal(2, points[0]!["seeds"]!.GetValue<int>());
        double best = doc["max_rate_meeting_sla"]!.GetValue<double>();
        Assert.InRange(best, 1, 1000);
        var stats = doc["stats"]!.AsObject();
        Assert.True(stats["simulated_requests"]!.GetValue<long>() >= 800);
        Assert.Equal("cpu", stats["backend"]!.GetValue<string>());
    }

    [Fact]
    public void Csv_HasTheSameColumns()
    {
        string path = Path.Combine(Path.GetTempPath(), $"simulate-{Guid.NewGuid():N}.csv");
        try
        {
            var (code, _, error) = CliHarness.Run([.. (Base + " --lengths 500:50 --concurrency 4,8 --requests 100 --seeds 1 --csv " + path).Split(' ')]);
            Assert.True(code == 0, error);
            var lines = File.ReadAllLines(path);
            Assert.Equal(3, lines.Length);
            var header = lines[0].Split(',');
            Assert.All(Fields, f => Assert.Contains(f, header));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(" --lengths 1000:100 --rate -1", "--rate")]
    [InlineData(" --lengths 1000:100 --rate 1..8:x0.5", "--rate")]
    [InlineData(" --lengths 1000:100", "--rate")]
    [InlineData(" --lengths 1000:100 --rate 1 --concurrency 4", "--rate")]
    [InlineData(" --lengths 1000:x --rate 1", "--lengths")]
    [InlineData(" --lengths 60000:8000 --context 65536 --rate 1", "--lengths")]
    [InlineData(" --lengths 200000:100 --rate 1", "context window")]
    [InlineData(" --lengths lognormal:in=100,out=10 --rate 1", "--lengths")]
    [InlineData(" --trace /no/such/trace.csv", "--trace")]
    [InlineData(" --lengths 1000:100 --rate 1 --requests 5", "--requests")]
    [InlineData(" --lengths 1000:100 --rate 1 --seeds 0", "--seeds")]
    [InlineData(" --lengths 1000:100 --rate 1 --max-rate-meeting-sla", "--max-rate-meeting-sla")]
    [InlineData(" --lengths 1000:100 --concurrency 4 --max-ttft-s 1 --max-rate-meeting-sla", "--max-rate-meeting-sla")]
    [InlineData(" --lengths 1000:100 --rate 1 --plot out.gif", "--plot")]
    [InlineData(" --lengths 1000:100 --rate 1 --csv /no/such/dir/x.csv", "--csv")]
    public void BadInput_ExitsWith2_NamingTheOption(string options, string mentioned)
    {
        var (code, output, error) = CliHarness.Run((Base + options).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd('\n', '\r').Split('\n'));
        Assert.Contains(mentioned, error, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyTrace_IsNamed()
    {
        string path = Path.Combine(Path.GetTempPath(), $"trace-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "arrival_s,input_tokens,output_tokens\n");
        try
        {
            var (code, _, error) = CliHarness.Run([.. (Base + " --trace " + path).Split(' ')]);
            Assert.Equal(2, code);
            Assert.Contains("--trace", error, StringComparison.Ordinal);
            Assert.Contains("no requests", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
