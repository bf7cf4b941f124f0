using System.CommandLine;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Cli;

/// <summary>
/// <c>--no-cuda-graphs</c> (<see cref="Deployment.CudaGraphs"/> false) and <c>--adp-balance</c>
/// (<see cref="Deployment.AttentionDpBalance"/>): every command that builds deployments takes them, they move the
/// numbers the way the physics says, and the outputs say what was assumed.
/// </summary>
public class EngineSettingFlagsTests
{
    private static readonly string[] Llama70B =
        ["evaluate", "--model", "llama-3.3-70b", "--hardware", "h200", "--gpus", "1", "--weights", "fp8", "--batch", "64", "--isl", "1000", "--osl", "1000"];

    private static readonly string[] DeepSeekDp8 =
        ["--model", "deepseek-r1", "--hardware", "h200", "--gpus", "8", "--tp", "1", "--dp", "8", "--ep", "8", "--batch", "256", "--isl", "8192", "--osl", "1024"];

    [Theory]
    [InlineData("evaluate")]
    [InlineData("simulate")]
    [InlineData("sweep")]
    [InlineData("frontier")]
    [InlineData("cheapest")]
    [InlineData("compare")]
    [InlineData("offers")]
    [InlineData("fleet")]
    [InlineData("task")]
    public void EveryDeploymentCommand_TakesBothFlags(string name)
    {
        var command = Program.BuildRootCommand().Subcommands.Single(c => c.Name == name);
        Assert.Contains(command.Options, o => o.Name == "--no-cuda-graphs" && o is Option<bool>);
        Assert.Contains(command.Options, o => o.Name == "--adp-balance" && o is Option<bool>);
    }

    [Fact]
    public void NoCudaGraphs_AddsOneEagerLaunchPerLayer_ToTpot()
    {
        // Llama 3.3 70B has 80 decoder layers (num_hidden_layers 80). An eager decode step pays eager_layer_launch_s per
        // layer on top of the graph-replayed step: the shipped profile's 0.00069 s x 80 = 55.2 ms more TPOT (no MTP, so one
        // step per token). Read from the profile so a refit of that one value does not break the derivation.
        double perLayer = EfficiencyProfile.Default.EagerLayerLaunch.Seconds;
        var graphs = CliHarness.Json(Llama70B);
        var eager = CliHarness.Json([.. Llama70B, "--no-cuda-graphs"]);

        Assert.True(graphs["cuda_graphs"]!.GetValue<bool>());
        Assert.False(eager["cuda_graphs"]!.GetValue<bool>());
        Tolerance.Near(80 * perLayer, eager["tpot_s"]!.GetValue<double>() - graphs["tpot_s"]!.GetValue<double>(), 1e-9, "TPOT difference");
        Assert.True(eager["tok_s_user"]!.GetValue<double>() < graphs["tok_s_user"]!.GetValue<double>());
    }

    [Fact]
    public void AdpBalance_RaisesDeepSeekDp8Throughput_AsTheLibrarySays()
    {
        var plain = CliHarness.Json(["evaluate", .. DeepSeekDp8]);
        var balanced = CliHarness.Json(["evaluate", .. DeepSeekDp8, "--adp-balance"]);

        // The CLI's deployment for these options: FP8 weights (R1's default), BF16 KV, no MTP, chunk 8192.
        var deployment = new Deployment { Gpus = 8, Tp = 1, Dp = 8, Ep = 8, Batch = 256, Weights = Precision.Fp8, KvCache = Precision.Bf16, AttentionDpBalance = true };
        var library = TokenCost.Evaluate(
            BuiltInCatalog.GetHardware("h200"), BuiltInCatalog.GetModel("deepseek-r1"), deployment, new Workload { InputTokens = 8192, OutputTokens = 1024 });

        Assert.False(plain["adp_balance"]!.GetValue<bool>());
        Assert.True(balanced["adp_balance"]!.GetValue<bool>());
        Assert.True(balanced["total_tok_s_gpu"]!.GetValue<double>() > plain["total_tok_s_gpu"]!.GetValue<double>());
        Assert.Equal(library.TotalTokSGpu, balanced["total_tok_s_gpu"]!.GetValue<double>());
    }

    [Fact]
    public void AdpBalance_WithoutAttentionDp_IsAccepted_AndChangesNothing()
    {
        var plain = CliHarness.Json(Llama70B);
        var balanced = CliHarness.Json([.. Llama70B, "--adp-balance"]);
        foreach (string field in new[] { "ttft_s", "tpot_s", "total_tok_s_gpu", "usd_per_mtok_total" })
        {
            Assert.Equal(plain[field]!.GetValue<double>(), balanced[field]!.GetValue<double>());
        }
    }

    [Fact]
    public void Sweeps_ReportTheSamePointAsEvaluate_WithTheFlags()
    {
        string[] flags = ["--adp-balance", "--no-cuda-graphs"];
        var evaluated = CliHarness.Json(["evaluate", .. DeepSeekDp8, .. flags]);
        var cheapest = CliHarness.Json(["cheapest", .. DeepSeekDp8, .. flags, "--min-tok-s-user", "1", "--backend", "scalar"])["point"]!.AsObject();

        Assert.False(cheapest["cuda_graphs"]!.GetValue<bool>());
        Assert.True(cheapest["adp_balance"]!.GetValue<bool>());
        foreach (string field in new[] { "ttft_s", "tpot_s", "total_tok_s_gpu" })
        {
            Assert.Equal(evaluated[field]!.GetValue<double>(), cheapest[field]!.GetValue<double>());
        }
    }

    [Fact]
    public void MarketCommands_SweepWithTheFlag_AsCheapestDoes()
    {
        // Eager decode makes every configuration slower per token, so the cheapest one meeting 20 tok/s/user costs more.
        string[] grid = ["--model", "llama-3.1-8b", "--hardware", "h200", "--gpus", "1", "--tp", "1", "--ep", "1", "--batch", "1..256:x2", "--isl", "1000", "--osl", "1000", "--max-ttft-s", "1000", "--backend", "scalar"];
        double Compare(params string[] flags) =>
            Assert.Single(CliHarness.Json(["compare", .. grid, "--tok-s-user", "20", .. flags])["rows"]!.AsArray())!["usd_per_mtok_total"]!.GetValue<double>();
        var cheapest = CliHarness.Json(["cheapest", .. grid, "--min-tok-s-user", "20", "--no-cuda-graphs"])["point"]!;

        double eager = Compare("--no-cuda-graphs");
        Assert.True(eager > Compare());
        Assert.Equal(cheapest["usd_per_mtok_total"]!.GetValue<double>(), eager);
    }

    [Fact]
    public void EvaluateTable_NamesTheAssumedSettings()
    {
        var (_, graphs, _) = CliHarness.Run(["evaluate", .. DeepSeekDp8]);
        var (_, eager, _) = CliHarness.Run(["evaluate", .. DeepSeekDp8, "--no-cuda-graphs", "--adp-balance"]);
        var (_, dense, _) = CliHarness.Run(Llama70B);

        Assert.Contains("decode in CUDA graphs, ADP balance off", graphs, StringComparison.Ordinal);
        Assert.Contains("eager decode (no CUDA graphs), ADP balance on", eager, StringComparison.Ordinal);
        Assert.DoesNotContain("ADP balance", dense, StringComparison.Ordinal); // dp 1: the setting has nothing to act on
    }
}
