using TokenKernels.Cli;
using Xunit;

namespace TokenKernels.Tests.Cli;

/// <summary><c>--engine</c>: the serving engine sets each hardware's software stack.</summary>
public class EngineOptionTests
{
    private static readonly string[] R1OnH200Tp8 =
        ["evaluate", "--model", "deepseek-r1", "--hardware", "h200", "--gpus", "8", "--tp", "8", "--batch", "64", "--isl", "1000", "--osl", "1000"];

    private static readonly string[] R1OnH200Ep8 =
        ["evaluate", "--model", "deepseek-r1", "--hardware", "h200", "--gpus", "8", "--tp", "1", "--ep", "8", "--dp", "8", "--batch", "64", "--isl", "1000", "--osl", "1000"];

    private static readonly string[] R1OnB200Ep8 =
        ["evaluate", "--model", "deepseek-r1", "--hardware", "b200", "--gpus", "8", "--tp", "1", "--ep", "8", "--dp", "8", "--batch", "64", "--isl", "1000", "--osl", "1000"];

    [Fact]
    public void Vllm_WithoutExpertParallelism_IsSlowerThanTensorRtLlm_AndEqualWithIt()
    {
        // At tp 8 without EP, vLLM and SGLang run DeepSeek-R1's routed experts through their fused-MoE kernel
        // (cuda-framework, framework_moe_gemm_scale < 1); TensorRT-LLM runs its tuned kernels (cuda).
        var trt = CliHarness.Json([.. R1OnH200Tp8, "--engine", "tensorrt-llm"]);
        var vllm = CliHarness.Json([.. R1OnH200Tp8, "--engine", "vllm"]);
        var sglang = CliHarness.Json([.. R1OnH200Tp8, "--engine", "sglang"]);
        Assert.Equal("cuda", trt["software_stack"]!.GetValue<string>());
        Assert.Equal("cuda-framework", vllm["software_stack"]!.GetValue<string>());
        Assert.True(vllm["feasible"]!.GetValue<bool>());
        Assert.True(vllm["output_tok_s_gpu"]!.GetValue<double>() < trt["output_tok_s_gpu"]!.GetValue<double>());
        Assert.True(vllm["tok_s_user"]!.GetValue<double>() < trt["tok_s_user"]!.GetValue<double>());
        Assert.Equal(vllm.ToJsonString(), sglang.ToJsonString());

        // With EP 8 (attention DP 8) the frameworks dispatch to DeepEP/DeepGEMM: the same figures as TensorRT-LLM on B200
        // (BF16 cache, so no FP8 decode scores either).
        var trtEp = CliHarness.Json([.. R1OnB200Ep8, "--engine", "tensorrt-llm"]);
        var vllmEp = CliHarness.Json([.. R1OnB200Ep8, "--engine", "vllm"]);
        Assert.True(vllmEp["feasible"]!.GetValue<bool>());
        Assert.Equal("cuda-framework", vllmEp["software_stack"]!.GetValue<string>());
        Assert.Equal(trtEp["output_tok_s_gpu"]!.GetValue<double>(), vllmEp["output_tok_s_gpu"]!.GetValue<double>());
        Assert.Equal(trtEp["tpot_s"]!.GetValue<double>(), vllmEp["tpot_s"]!.GetValue<double>());

        // On H200 TensorRT-LLM's tuned Hopper attention reads the KV cache at least at FlashMLA's share of peak
        // (ForwardPass.HopperTunedKvEfficiency, above the shipped kv_memory_efficiency), so there vLLM is slower with EP too.
        var trtHopperEp = CliHarness.Json([.. R1OnH200Ep8, "--engine", "tensorrt-llm"]);
        var vllmHopperEp = CliHarness.Json([.. R1OnH200Ep8, "--engine", "vllm"]);
        Assert.True(vllmHopperEp["tpot_s"]!.GetValue<double>() > trtHopperEp["tpot_s"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("h200")]
    [InlineData("mi300x")]
    public void DefaultEngine_IsNoOption(string hardware)
    {
        string[] args = ["evaluate", "--model", "deepseek-r1", "--hardware", hardware, "--gpus", "8", "--tp", "8", "--batch", "64", "--isl", "1000", "--osl", "1000"];
        Assert.Equal(CliHarness.Json(args).ToJsonString(), CliHarness.Json([.. args, "--engine", "default"]).ToJsonString());
        var (_, table, _) = CliHarness.Run(args);
        Assert.Equal(table, CliHarness.Run([.. args, "--engine", "default"]).Out);
    }

    [Fact]
    public void AmdParts_RunAtomOnRocmAiter_AndVllmOnRocm()
    {
        string[] args = ["evaluate", "--model", "deepseek-r1", "--hardware", "mi300x", "--gpus", "8", "--tp", "8", "--batch", "64", "--isl", "1000", "--osl", "1000"];
        Assert.Equal("rocm", CliHarness.Json(args)["software_stack"]!.GetValue<string>());
        Assert.Equal("rocm-aiter", CliHarness.Json([.. args, "--engine", "atom"])["software_stack"]!.GetValue<string>());
        Assert.Equal("rocm", CliHarness.Json([.. args, "--engine", "vllm"])["software_stack"]!.GetValue<string>());
    }

    [Fact]
    public void AtomOnACudaPart_ExitsWith2_OneLineNamingEngine_BeforeAnyOutput()
    {
        var (code, output, error) = CliHarness.Run([.. R1OnH200Tp8, "--engine", "atom"]);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Equal("error: --engine: atom runs only on ROCm parts; h200 is a CUDA part.", error.TrimEnd('\n', '\r'));
    }

    [Fact]
    public void UnknownEngine_ListsTheAllowedValues()
    {
        var (code, output, error) = CliHarness.Run([.. R1OnH200Tp8, "--engine", "trt-llm"]);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd('\n', '\r').Split('\n'));
        Assert.Contains("--engine", error, StringComparison.Ordinal);
        Assert.Contains("default, tensorrt-llm, vllm, sglang or atom", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_NamesTheStackBesideTheHardware()
    {
        var (code, output, _) = CliHarness.Run([.. R1OnH200Tp8, "--engine", "sglang"]);
        Assert.Equal(0, code);
        Assert.StartsWith("deepseek-r1 on h200 (cuda-framework), 8 GPUs", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_RunsEveryHardwareWithTheEngine()
    {
        string csv = Path.Combine(Path.GetTempPath(), $"engine-sweep-{Guid.NewGuid():N}.csv");
        try
        {
            var (code, _, error) = CliHarness.Run(
                "sweep", "--model", "deepseek-r1", "--hardware", "h200,mi300x", "--gpus", "8", "--tp", "8", "--batch", "64", "--isl", "1000", "--osl", "1000", "--engine", "vllm", "--backend", "scalar", "--csv", csv);
            Assert.True(code == 0, error);
            var rows = File.ReadAllLines(csv);
            int stack = Array.IndexOf(rows[0].Split(','), "software_stack");
            int hardware = Array.IndexOf(rows[0].Split(','), "hardware");
            var stacks = rows.Skip(1).Select(r => r.Split(',')).ToDictionary(r => r[hardware], r => r[stack]);
            Assert.Equal("cuda-framework", stacks["h200"]);
            Assert.Equal("rocm", stacks["mi300x"]);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public void EveryCommandThatTakesHardware_TakesEngine()
    {
        var commands = Program.BuildRootCommand().Subcommands.Where(c => c.Options.Any(o => o.Name == "--hardware")).ToList();
        Assert.Contains(commands, c => c.Name == "evaluate");
        Assert.Contains(commands, c => c.Name == "compare");
        Assert.All(commands, c => Assert.Contains(c.Options, o => o.Name == "--engine"));
        Assert.Contains(Program.BuildRootCommand().Subcommands, c => c.Name == "task" && c.Options.Any(o => o.Name == "--engine"));
    }
}
