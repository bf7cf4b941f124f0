using System.Text.Json.Nodes;
using TokenKernels.Calibration;
using TokenKernels.Cli.Commands;
using Xunit;

namespace TokenKernels.Tests.Cli;

/// <summary>
/// Strict, named input errors: every JSON file the tool reads rejects unknown and missing fields, naming the field and
/// the file; messages use option and JSON field names, never C# names or .NET's "(Parameter 'x')"; layout mistakes are
/// input errors (exit 2).
/// </summary>
public class StrictInputTests
{
    private static readonly string[] Good = ["evaluate", "--model", "llama-3.1-8b", "--hardware", "h200", "--gpus", "1", "--batch", "1", "--isl", "100", "--osl", "100"];

    [Theory]
    [InlineData("""{"hi": 1}""", "field 'hi' is not a known field")]
    [InlineData("""{}""", "field 'decode_compute_efficiency' is required")]
    [InlineData("""[1, 2]""", "must be an object")]
    [InlineData("""{"decode_compute_efficiency": """, "malformed")]
    public void Profile_Invalid_IsANamedError(string content, string expected)
    {
        using var file = new TempFile(content);
        var (code, output, error) = CliHarness.Run([.. Good, "--profile", file.Path]);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith($"error: --profile: {file.Path}: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        AssertNoDotNet(error);
    }

    [Fact]
    public void Profile_MisspeltField_IsRejected_NotIgnored()
    {
        var o = JsonNode.Parse(ProfileJson.Write(EfficiencyProfile.Default))!.AsObject();
        o["decode_memory_eficiency"] = 0.5;
        using var file = new TempFile(o.ToJsonString());
        var (code, _, error) = CliHarness.Run([.. Good, "--profile", file.Path]);

        Assert.Equal(2, code);
        Assert.Contains("field 'decode_memory_eficiency' is not a known field", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_OutOfRange_NamesTheJsonField_NotTheProperty()
    {
        var o = JsonNode.Parse(ProfileJson.Write(EfficiencyProfile.Default))!.AsObject();
        o["decode_memory_efficiency"] = 5;
        using var file = new TempFile(o.ToJsonString());
        var (code, _, error) = CliHarness.Run([.. Good, "--profile", file.Path]);

        Assert.Equal(2, code);
        Assert.Contains("field 'decode_memory_efficiency' must be in (0, 1] (was 5)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("DecodeMemoryEfficiency", error, StringComparison.Ordinal);
    }

    [Fact]
    public void HardwareSpec_OutOfRange_NamesTheJsonField()
    {
        var o = JsonNode.Parse(HardwareJson.Write(BuiltInCatalog.GetHardware("h200")))!.AsObject();
        o["hbm_tb_s"] = 0;
        using var file = new TempFile(o.ToJsonString());
        var (code, _, error) = CliHarness.Run(["evaluate", "--model", "llama-3.1-8b", "--hardware", file.Path, "--gpus", "1", "--batch", "1", "--isl", "100", "--osl", "100"]);

        Assert.Equal(2, code);
        Assert.StartsWith($"error: --hardware: {file.Path}: ", error, StringComparison.Ordinal);
        Assert.Contains("'hbm_tb_s'", error, StringComparison.Ordinal);
        AssertNoDotNet(error);
    }

    [Theory]
    [InlineData(null, null, "malformed")]
    [InlineData("layers", 99999999999.0, "field 'layers' is too large")]
    [InlineData("layers", 2.5, "field 'layers' must be a whole number")]
    [InlineData("num_layers", 80.0, "field 'num_layers' is not a known field")]
    public void ModelSpec_Invalid_IsANamedError_WithoutDotNetSuffix(string? field, double? value, string expected)
    {
        var model = CatalogCommand.ToJson()["models"]!.AsArray().First(x => x!["id"]!.GetValue<string>() == "llama-3.1-8b")!.AsObject();
        if (field is not null)
        {
            model[field] = value;
        }

        using var file = new TempFile(field is null ? model.ToJsonString()[..^1] : model.ToJsonString());
        var (code, _, error) = CliHarness.Run(["evaluate", "--model", file.Path, "--hardware", "h200", "--gpus", "1", "--batch", "1", "--isl", "100", "--osl", "100"]);

        Assert.Equal(2, code);
        Assert.StartsWith($"error: --model: {file.Path}: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        AssertNoDotNet(error);
    }

    [Fact]
    public void IntegerOptionTooLarge_SaysSo()
    {
        var (code, _, error) = CliHarness.Run(["evaluate", "--model", "llama-3.1-8b", "--hardware", "h200", "--gpus", "1", "--batch", "99999999999", "--isl", "100", "--osl", "100"]);
        Assert.Equal(2, code);
        Assert.Contains("--batch: 99999999999 is too large", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PrefixHit_HelpStatesTheRangeTheCheckEnforces()
    {
        var (code, _, error) = CliHarness.Run([.. Good, "--prefix-hit", "1"]);
        Assert.Equal(2, code);
        Assert.Equal("error: --prefix-hit: must be in [0, 1) (was 1).", error.TrimEnd());
        Assert.Equal(0, CliHarness.Run([.. Good, "--prefix-hit", "0.99"]).ExitCode);

        var (_, help, _) = CliHarness.Run("evaluate", "--help");
        Assert.Contains("at least 0 and below 1", help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evaluate --model llama-3.3-70b --hardware h200 --gpus 8 --tp 3 --batch 1 --isl 100 --osl 100", "error: --tp: ")]
    [InlineData("evaluate --model deepseek-v3 --hardware h200 --gpus 8 --ep 512 --batch 1 --isl 100 --osl 100", "error: --ep: ")]
    [InlineData("evaluate --model llama-3.3-70b --hardware h200 --gpus 8 --ep 8 --batch 1 --isl 100 --osl 100", "error: --ep: ")]
    [InlineData("sweep --model deepseek-v3 --hardware h200 --gpus 8,16 --ep 512 --batch 1..8 --isl 100 --osl 100", "error: --ep: ep 512 exceeds")]
    [InlineData("frontier --model llama-3.3-70b --hardware h200 --gpus 1,2,4 --tp 3 --batch 1..8 --isl 100 --osl 100", "error: --tp: tp 3 divides none")]
    [InlineData("cheapest --model llama-3.3-70b --hardware h200 --gpus 8 --pp 1000 --batch 1..8 --isl 100 --osl 100 --max-ttft-s 1 --min-tok-s-user 1", "error: --pp: ")]
    public void LayoutMistakes_AreInputErrors(string commandLine, string expected)
    {
        var (code, output, error) = CliHarness.Run(commandLine.Split(' '));
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Infeasible_ForLackOfMemory_IsStillAResult()
    {
        // 405B parameters x 1 B (FP8) = 405 GB > one H200's 141 GB: a result about the configuration, not an input mistake.
        var json = CliHarness.Json("evaluate", "--model", "llama-3.1-405b", "--hardware", "h200", "--gpus", "1", "--batch", "1", "--isl", "100", "--osl", "100");
        Assert.False(json["feasible"]!.GetValue<bool>());
        Assert.Equal("weights_exceed_memory", json["reason"]!.GetValue<string>());
    }

    // Round trips: what the tool writes, it reads back.
    [Fact]
    public void EveryCatalogJsonEntry_IsAcceptedBackAsASpecFile_AndEvaluatesTheSame()
    {
        var catalog = CatalogCommand.ToJson();
        foreach (var model in catalog["models"]!.AsArray())
        {
            using var file = new TempFile(model!.ToJsonString());
            var parsed = ModelJson.Load(file.Path);
            Assert.Equal(BuiltInCatalog.GetModel(parsed.Id), parsed);
        }

        foreach (var hardware in catalog["hardware"]!.AsArray())
        {
            using var file = new TempFile(hardware!.ToJsonString());
            var parsed = HardwareJson.Load(file.Path);
            Assert.Equal(BuiltInCatalog.GetHardware(parsed.Id), parsed);
        }

        // Through the CLI too, as the README tells users to do: same figures as the catalog ids.
        using var m = new TempFile(catalog["models"]!.AsArray().First(x => x!["id"]!.GetValue<string>() == "llama-3.3-70b")!.ToJsonString());
        using var h = new TempFile(catalog["hardware"]!.AsArray().First(x => x!["id"]!.GetValue<string>() == "h200")!.ToJsonString());
        string[] rest = ["--gpus", "1", "--batch", "8", "--isl", "1000", "--osl", "1000"];
        var fromIds = CliHarness.Json(["evaluate", "--model", "llama-3.3-70b", "--hardware", "h200", .. rest]);
        var fromFiles = CliHarness.Json(["evaluate", "--model", m.Path, "--hardware", h.Path, .. rest]);
        Assert.Equal(fromIds["output_tok_s_gpu"]!.GetValue<double>(), fromFiles["output_tok_s_gpu"]!.GetValue<double>());
    }

    [Fact]
    public void CatalogJson_DerivedFigureThatNoLongerMatches_IsRejected()
    {
        var model = CatalogCommand.ToJson()["models"]!.AsArray().First(x => x!["id"]!.GetValue<string>() == "llama-3.3-70b")!.AsObject();
        model["total_params_b"] = 7;
        using var file = new TempFile(model.ToJsonString());
        var e = Assert.Throws<ArgumentException>(() => ModelJson.Load(file.Path));
        Assert.Contains("'total_params_b' is counted from the architecture", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryWrittenProfile_IsReadBackUnchanged()
    {
        foreach (var profile in new[] { EfficiencyProfile.Default, EfficiencyProfile.Priors })
        {
            var detail = new JsonObject { ["data"] = "x.csv", ["rows"] = 3 };
            Assert.Equal(profile, ProfileJson.Read(ProfileJson.Write(profile, detail)));
        }

        // The shipped file itself, as calibrate --out wrote it, is a valid --profile.
        var shipped = Support.RepoPaths.File("src", "TokenKernels", "Calibration", "default-profile.json");
        Assert.Equal(0, CliHarness.Run([.. Good, "--profile", shipped]).ExitCode);
    }

    private static void AssertNoDotNet(string error)
    {
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    private sealed class TempFile : IDisposable
    {
        public TempFile(string content)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tk-{Guid.NewGuid():N}.json");
            File.WriteAllText(Path, content);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
