using System.Text.Json.Nodes;
using TokenKernels.Tests.Cli;
using Xunit;

namespace TokenKernels.Tests.Market;

/// <summary>Commands read their options from response files (<c>tokenkernels @scenario.rsp</c>), System.CommandLine's own feature.</summary>
public class ResponseFileTests
{
    [Fact]
    public void ShippedScenario_Runs_AndLaterOptionsAddToIt()
    {
        string rsp = Path.Combine(OfferTests.RepoRoot(), "samples", "scenarios", "deepseek-fleet.rsp");
        var (code, output, error) = CliHarness.Run("@" + rsp, "--gpus", "16", "--ep", "16", "--tp", "1", "--batch", "256..1024:x1.2", "--json");
        Assert.True(code == 0, error);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal("deepseek-2025-02", json["scenario"]!.GetValue<string>());
        Assert.Equal(1.85, json["mtp_acceptance"]!.GetValue<double>());
        Assert.Equal(2, json["at_tok_s_user"]!.AsArray().Count);
    }

    [Fact]
    public void BadOptionInAResponseFile_IsNamed_Exit2()
    {
        string rsp = Path.GetTempFileName();
        try
        {
            File.WriteAllText(rsp, "fleet\n--cache-hit-share 1.5\n");
            var (code, output, error) = CliHarness.Run("@" + rsp);
            Assert.Equal(2, code);
            Assert.Empty(output);
            Assert.Contains("--cache-hit-share", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(rsp);
        }
    }

    [Fact]
    public void MissingResponseFile_Exit2_OneLine()
    {
        var (code, output, error) = CliHarness.Run("@/no/such/scenario.rsp");
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd('\n', '\r').Split('\n'));
        Assert.Contains("scenario.rsp", error, StringComparison.Ordinal);
    }
}
