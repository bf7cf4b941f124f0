using System.Text.Json.Nodes;
using TokenKernels.Calibration;
using Xunit;

namespace TokenKernels.Tests.Cli;

public sealed class ValidateCommandTests : IDisposable
{
    private const string Header = "id,source,trust,hardware,model,weights,kv_cache,phase,disaggregated,gpus,tp,isl,osl,concurrency,output_tok_s_gpu,tok_s_user";
    private readonly string directory = Directory.CreateTempSubdirectory("tk-validate-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string name, params string[] rows)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, string.Join("\r\n", [Header, .. rows]) + "\r\n");
        return path;
    }

    private string TwoSources() => Write(
        "m.csv",
        "a,src-a,high,h200,llama-3.3-70b,fp8,fp8,e2e,false,1,1,1000,1000,64,2000,",
        "b,src-a,high,h200,llama-3.3-70b,fp8,fp8,e2e,false,1,1,1000,1000,16,900,",
        "c,src-b,medium,h100-sxm,llama-3.1-8b,fp8,,e2e,false,1,1,1000,1000,,15000,",
        "d,src-b,low,h200,llama-3.1-405b,bf16,,e2e,false,1,1,1000,1000,,100,");

    [Fact]
    public void Json_HasTheContractShape_AndListsRowsItCannotPredict()
    {
        var doc = CliHarness.Json("validate", "--data", TwoSources());

        var rows = doc["rows"]!.AsArray();
        Assert.Equal(4, rows.Count);
        var a = rows[0]!.AsObject();
        Assert.Equal("a", a["id"]!.GetValue<string>());
        Assert.Null(a["error"]);
        Assert.Equal(64, a["chosen"]!["batch"]!.GetValue<double>());
        var metric = a["metrics"]![0]!.AsObject();
        Assert.Equal("output_tok_s_gpu", metric["metric"]!.GetValue<string>());
        Assert.Equal(2000, metric["measured"]!.GetValue<double>());
        double predicted = metric["predicted"]!.GetValue<double>();
        Assert.Equal((predicted / 2000) - 1, metric["rel_error"]!.GetValue<double>(), 5);

        // 405B in BF16 cannot fit one GPU: listed with a reason, without metrics.
        var d = rows[3]!.AsObject();
        Assert.Contains("weights", d["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(d["metrics"]!.AsArray());

        var summary = doc["summary"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(ValidationReport.ThroughputMetric, summary[0]["metric"]!.GetValue<string>());
        Assert.Equal(3, summary[0]["rows"]!.GetValue<int>());
        Assert.True(summary[0]["worst_ratio"]!.GetValue<double>() >= 1);
        Assert.Equal(["h100-sxm", "h200"], doc["by_hardware"]!.AsArray().Select(g => g!["hardware"]!.GetValue<string>()));
        Assert.Equal(["src-a", "src-b"], doc["by_source"]!.AsArray().Select(g => g!["source"]!.GetValue<string>()));
    }

    [Fact]
    public void Table_ShowsRowsAndSummaries()
    {
        var (code, output, error) = CliHarness.Run("validate", "--data", TwoSources());

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("output_tok_s_gpu", output, StringComparison.Ordinal);
        Assert.Contains("Per hardware", output, StringComparison.Ordinal);
        Assert.Contains("3 of 4 rows predicted", output, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedRow_IsOneLineOnStderr_WithExitCode2()
    {
        string path = Write("bad.csv", "a,src,high,h200,llama-3.3-70b,fp8,fp8,e2e,false,1,one,1000,1000,64,2000,");

        var (code, output, error) = CliHarness.Run("validate", "--data", path);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("bad.csv line 2, column 'tp': 'one' is not a whole number", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_IsExitCode2()
    {
        var (code, _, error) = CliHarness.Run("validate", "--data", Path.Combine(directory, "none.csv"));
        Assert.Equal(2, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibrate_WritesAProfileWithProvenance_ThatValidateAccepts()
    {
        string data = TwoSources();
        string profile = Path.Combine(directory, "profile.json");

        var (code, _, error) = CliHarness.Run("calibrate", "--data", data, "--out", profile, "--max-evaluations", "40");

        Assert.Equal(0, code);
        Assert.Empty(error);
        var written = JsonNode.Parse(File.ReadAllText(profile))!.AsObject();
        Assert.Equal("m.csv", written["provenance_detail"]!["data"]!.GetValue<string>());
        Assert.Equal(3, written["provenance_detail"]!["rows_fitted"]!.GetValue<int>());
        Assert.Contains("m.csv", ProfileJson.Load(profile).Provenance, StringComparison.Ordinal);

        var doc = CliHarness.Json("validate", "--data", data, "--profile", profile);
        Assert.Contains("m.csv", doc["profile"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void CrossValidate_ReportsOneFoldPerSource()
    {
        var doc = CliHarness.Json("validate", "--data", TwoSources(), "--cross-validate", "--max-evaluations", "30");

        Assert.Equal(["src-a", "src-b"], doc["folds"]!.AsArray().Select(f => f!["source"]!.GetValue<string>()));
        Assert.Equal(4, doc["rows"]!.AsArray().Count);
    }
}
