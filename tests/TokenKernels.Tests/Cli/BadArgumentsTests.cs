using Xunit;

namespace TokenKernels.Tests.Cli;

/// <summary>The contract: bad arguments print one line on stderr, nothing on stdout, and exit with code 2.</summary>
public class BadArgumentsTests
{
    private const string Good = "evaluate --model llama-3.1-8b --hardware h200 --gpus 1 --batch 1 --isl 100 --osl 100";

    [Theory]
    [InlineData("", "command")]
    [InlineData("no-such-command", "no-such-command")]
    [InlineData("evaluate --hardware h200 --gpus 1 --batch 1 --isl 100 --osl 100", "--model")]
    [InlineData("evaluate --model nope --hardware h200 --gpus 1 --batch 1 --isl 100 --osl 100", "llama-3.3-70b")]
    [InlineData("evaluate --model llama-3.1-8b --hardware h300 --gpus 1 --batch 1 --isl 100 --osl 100", "h100-sxm")]
    [InlineData("evaluate --model llama-3.1-8b --hardware h200 --batch 1 --isl 100 --osl 100", "--gpus")]
    [InlineData(Good + " --gpus two", "--gpus")]
    [InlineData(Good + " --batch 0", "--batch")]
    [InlineData(Good + " --weights fp3", "--weights")]
    [InlineData(Good + " --kv-cache fp4", "--kv-cache")]
    [InlineData(Good + " --prefix-hit 1.5", "--prefix-hit")]
    [InlineData(Good + " --mtp-acceptance 0.5", "--mtp-acceptance")]
    [InlineData(Good + " --mtp-acceptance 3.5 --mtp-draft 1", "--mtp-acceptance")]
    [InlineData(Good + " --gpu-hour-usd -1", "--gpu-hour-usd")]
    [InlineData(Good + " --prefill-gpus 2", "--disaggregated")]
    [InlineData(Good + " --disaggregated --prefill-gpus 2", "--disaggregated")]
    [InlineData(Good + " --decode-instances 2", "--disaggregated")]
    [InlineData("evaluate --model llama-3.1-8b --hardware h200 --batch 1 --isl 100 --osl 100 --disaggregated --prefill-gpus 1 --decode-gpus 3 --decode-instances 2", "--decode-instances")]
    [InlineData(Good + " --engine trt", "--engine")]
    [InlineData(Good + " --engine atom", "--engine")]
    [InlineData("evaluate --model llama-3.1-8b --hardware mi300x --gpus 1 --batch 1 --isl 100 --osl 100 --engine tensorrt-llm", "--engine")]
    [InlineData("sweep --model llama-3.1-8b --hardware h200,mi300x --gpus 1 --batch 1 --isl 100 --osl 100 --engine atom", "--engine")]
    [InlineData(Good + " --profile /no/such/profile.json", "--profile")]
    [InlineData(Good + " --unknown-option 3", "--unknown-option")]
    [InlineData("evaluate --model /no/such/model.json --hardware h200 --gpus 1 --batch 1 --isl 100 --osl 100", "--model")]
    [InlineData("catalog --json extra", "extra")]
    public void BadInput_ExitsWith2_AndOneLineOnStderr(string commandLine, string mentioned)
    {
        var (code, output, error) = CliHarness.Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd('\n', '\r').Split('\n'));
        Assert.Contains(mentioned, error, StringComparison.Ordinal);
    }

    [Fact]
    public void GoodInput_Exits0()
    {
        var (code, _, error) = CliHarness.Run(Good.Split(' '));
        Assert.Equal(0, code);
        Assert.Empty(error);
    }

    [Fact]
    public void Help_Exits0_AndListsTheCommands()
    {
        var (code, output, _) = CliHarness.Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("evaluate", output, StringComparison.Ordinal);
        Assert.Contains("catalog", output, StringComparison.Ordinal);
    }
}
