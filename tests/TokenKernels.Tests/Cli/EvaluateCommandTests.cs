using System.Text.Json.Nodes;
using TokenKernels;
using TokenKernels.Calibration;
using TokenKernels.Cli.Output;
using Xunit;

namespace TokenKernels.Tests.Cli;

public class EvaluateCommandTests
{
    private static readonly string[] Llama70BOnH200 =
        ["evaluate", "--model", "llama-3.3-70b", "--hardware", "h200", "--gpus", "1", "--weights", "fp8", "--batch", "1", "--isl", "1000", "--osl", "1000"];

    [Fact]
    public void Llama70B_Fp8_OneH200_Batch1_TpotIsWithinTwiceTheWeightStreamingFloor()
    {
        // Batch 1 decode streams every weight once per token: 70.6e9 params x 1 B (FP8) / 4.8e12 B/s = 14.7 ms.
        // Achieved bandwidth, KV reads and overheads make it slower, but a sane model stays under twice that.
        var json = CliHarness.Json(Llama70BOnH200);
        Assert.True(json["feasible"]!.GetValue<bool>());
        double tpot = json["tpot_s"]!.GetValue<double>();
        Assert.InRange(tpot, 70.6e9 / 4.8e12, 2 * 70.6e9 / 4.8e12);
        Assert.Equal(1 / tpot, json["tok_s_user"]!.GetValue<double>(), 6);
        Assert.Equal("memory", json["decode_bound"]!.GetValue<string>());
    }

    private static readonly string[] MemoryReasons = ["weights_exceed_memory", "kv_cache_exceeds_memory"];

    [Fact]
    public void DeepSeekV3_Fp8_OneH100_IsInfeasible_ForMemory()
    {
        // 671e9 params x 1 B = 671 GB of FP8 weights against 80 GB of HBM.
        var json = CliHarness.Json("evaluate", "--model", "deepseek-v3", "--hardware", "h100-sxm", "--gpus", "1", "--weights", "fp8", "--batch", "1", "--isl", "1000", "--osl", "1000");
        Assert.False(json["feasible"]!.GetValue<bool>());
        Assert.Contains(json["reason"]!.GetValue<string>(), MemoryReasons);
        Assert.StartsWith("memory", json["reason_text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(json["tpot_s"]);
        Assert.Null(json["usd_per_mtok_output"]);
        Assert.True(json["weights_gib_per_gpu"]!.GetValue<double>() > 80e9 / (1 << 30));
    }

    [Fact]
    public void Json_HasEveryContractField_AndCsvUsesTheSameNames()
    {
        string[] contract =
        [
            "feasible", "reason", "reason_text", "ttft_s", "tpot_s", "tok_s_user", "output_tok_s_gpu", "input_tok_s_gpu", "total_tok_s_gpu",
            "usd_per_mtok_output", "usd_per_mtok_input", "usd_per_mtok_total", "max_batch", "max_context", "decode_bound",
            "weights_gib_per_gpu", "kv_gib_per_gpu", "kv_capacity_gib_per_gpu", "decode_step_s", "decode_compute_s", "decode_memory_s",
            "decode_network_s", "decode_overhead_s", "prefill_share", "model", "hardware", "gpus", "tp", "batch", "isl", "osl", "weights", "kv_cache",
        ];
        var json = CliHarness.Json(Llama70BOnH200);
        Assert.All(contract, field => Assert.True(json.ContainsKey(field), field));
        Assert.Equal(json.Select(kv => kv.Key), PointColumns.CsvHeader().Split(','));
    }

    [Fact]
    public void Table_IsTheDefault_AndNamesTheJsonFields()
    {
        var (code, output, error) = CliHarness.Run(Llama70BOnH200);
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("TPOT", output, StringComparison.Ordinal);
        Assert.Contains("tpot_s", output, StringComparison.Ordinal);
        Assert.DoesNotContain("{", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2.4", 2)] // ceil(2.4 - 1) = 2 drafts
    [InlineData("1.5", 1)] // ceil(0.5) = 1
    [InlineData("1", 0)] // ceil(0) = 0: accepting one token per step is no MTP
    [InlineData("3", 2)] // ceil(3 - 1) = 2: three tokens per step need two drafts
    public void MtpAcceptance_WithoutDraft_DraftsCeilMinusOne(string acceptance, int drafts)
    {
        var json = CliHarness.Json([.. Llama70BOnH200, "--mtp-acceptance", acceptance]);
        Assert.Equal(drafts, json["mtp_draft"]!.GetValue<int>());
    }

    [Fact]
    public void Disaggregated_WithoutGpus_UsesPrefillPlusDecode()
    {
        var json = CliHarness.Json(
            "evaluate", "--model", "deepseek-r1", "--hardware", "gb200", "--disaggregated", "--prefill-gpus", "8", "--decode-gpus", "32",
            "--ep", "32", "--dp", "32", "--batch", "256", "--isl", "8192", "--osl", "1024");
        Assert.Equal(40, json["gpus"]!.GetValue<int>());
        Assert.Equal(40, json["total_gpus"]!.GetValue<int>());
        Assert.Equal(1, json["tp"]!.GetValue<int>()); // tp 0 resolves to 32 decode GPUs / (dp 32 x pp 1)
    }

    [Fact]
    public void Costs_AreNull_WithoutAPrice_AndFollowAnOverride()
    {
        string[] h20 = ["evaluate", "--model", "llama-3.1-8b", "--hardware", "h20", "--gpus", "1", "--batch", "8", "--isl", "1000", "--osl", "1000"];
        var unpriced = CliHarness.Json(h20);
        Assert.True(unpriced["feasible"]!.GetValue<bool>());
        Assert.Null(unpriced["usd_per_mtok_output"]);
        Assert.Null(unpriced["gpu_hour_usd"]);

        // InferenceX: $/Mtok total = $/GPU-hour / (total tok/s/GPU x 3600 / 1e6); at $1 that is 1e6 / 3600 / tok/s.
        var priced = CliHarness.Json([.. h20, "--gpu-hour-usd", "1"]);
        double total = priced["total_tok_s_gpu"]!.GetValue<double>();
        Assert.Equal(1e6 / 3600 / total, priced["usd_per_mtok_total"]!.GetValue<double>(), 9);

        // Output and input tokens split the GPU's time between decode and prefill, so the two bills add up to the
        // whole hour: usd_out x out tok/s + usd_in x in tok/s = $1 per hour = 1e6 / 3600 $ per Mtok-second.
        double billed = (priced["usd_per_mtok_output"]!.GetValue<double>() * priced["output_tok_s_gpu"]!.GetValue<double>())
            + (priced["usd_per_mtok_input"]!.GetValue<double>() * priced["input_tok_s_gpu"]!.GetValue<double>());
        Assert.Equal(1e6 / 3600, billed, 6);
    }

    [Fact]
    public void UserFiles_ForHardwareModelAndProfile_AreAccepted()
    {
        string dir = Directory.CreateTempSubdirectory("tk-cli-").FullName;
        try
        {
            string hw = Path.Combine(dir, "my-gpu.json");
            HardwareJson.Save(BuiltInCatalog.GetHardware("h200") with { Id = "my-h200", MemoryBandwidth = Bandwidth.FromTerabytesPerSecond(9.6) }, hw);
            string hf = Path.Combine(AppContext.BaseDirectory, "Catalog", "configs", "llama-3.3-70b.config.json");
            string profile = Path.Combine(dir, "profile.json");
            File.WriteAllText(profile, ProfileJson.Write(EfficiencyProfile.Priors with { StepOverhead = Duration.FromMilliseconds(50) }));

            string[] baseArgs = ["evaluate", "--gpus", "1", "--weights", "fp8", "--batch", "1", "--isl", "1000", "--osl", "1000"];
            var builtIn = CliHarness.Json([.. baseArgs, "--model", "llama-3.3-70b", "--hardware", "h200", "--profile", profile]);
            var custom = CliHarness.Json([.. baseArgs, "--model", hf, "--hardware", hw, "--profile", profile]);
            Assert.Equal("my-h200", custom["hardware"]!.GetValue<string>());

            // Twice the HBM bandwidth halves the memory term of a memory-bound step.
            Assert.Equal(builtIn["decode_memory_s"]!.GetValue<double>() / 2, custom["decode_memory_s"]!.GetValue<double>(), 9);

            // The profile's 50 ms step overhead shows up in the step.
            Assert.True(builtIn["decode_overhead_s"]!.GetValue<double>() >= 0.05);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
