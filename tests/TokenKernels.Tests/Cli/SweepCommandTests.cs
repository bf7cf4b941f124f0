using System.Globalization;
using System.Text.Json.Nodes;
using Xunit;

namespace TokenKernels.Tests.Cli;

public class SweepCommandTests
{
    // 2 hardware x 4 gpus x 2 tp x 60 batch x 6 isl = 5,760 configurations of a dense model: small enough to list.
    private static readonly string[] Grid =
        ["--model", "llama-3.3-70b", "--hardware", "h200,b200", "--gpus", "1,2,4,8", "--tp", "0,1", "--batch", "1..60", "--isl", "512..4096:x1.5", "--osl", "500", "--backend", "cpu"];

    [Fact]
    public void Sweep_Stats_ReportsTheContractFields()
    {
        var (code, output, error) = CliHarness.Run(["sweep", .. Grid, "--stats"]);

        Assert.True(code == 0, error);
        var json = JsonNode.Parse(output)!.AsObject();

        // 512..4096:x1.5 = 512, 768, 1152, 1728, 2592, 3888 (rounded), then 5832 >= 4096 so 4096 closes it: 7 values.
        Assert.Equal(2 * 4 * 2 * 60 * 7, json["configs_evaluated"]!.GetValue<long>());
        Assert.InRange(json["feasible_configs"]!.GetValue<long>(), 1, 2 * 4 * 2 * 60 * 7);
        Assert.True(json["seconds"]!.GetValue<double>() > 0);
        Assert.True(json["configs_per_second"]!.GetValue<double>() > 0);
        Assert.Equal("cpu", json["backend"]!.GetValue<string>());
    }

    [Fact]
    public void Frontier_EqualsBruteForceParetoOfEverySweptPoint()
    {
        string csv = Path.GetTempFileName();
        try
        {
            var (code, _, error) = CliHarness.Run(["sweep", .. Grid, "--csv", csv]);
            Assert.True(code == 0, error);
            var rows = ReadCsv(csv);
            var frontier = CliHarness.Json(["frontier", .. Grid]);

            // Brute force over the CSV: a point is on its (model, hardware) frontier unless another has tok/s/user and
            // output tok/s/GPU at least as high, one of them higher.
            var expected = rows
                .Where(p => !rows.Any(q => q.Group == p.Group && q.User >= p.User && q.Gpu >= p.Gpu && (q.User > p.User || q.Gpu > p.Gpu)))
                .Select(p => p.Key).ToHashSet();
            var points = frontier["frontiers"]!.AsArray().SelectMany(f => f!["points"]!.AsArray()).Select(p => Key(p!.AsObject())).ToList();

            Assert.Equal(expected.Count, points.Count);
            Assert.True(expected.SetEquals(points));
            Assert.Equal(rows.Count, frontier["stats"]!["feasible_configs"]!.GetValue<long>());

            // Each frontier is listed from the lowest to the highest tok/s/user.
            foreach (var f in frontier["frontiers"]!.AsArray())
            {
                var users = f!["points"]!.AsArray().Select(p => p!["tok_s_user"]!.GetValue<double>()).ToList();
                Assert.Equal(users.Order(), users);
            }
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public void Frontier_By_KeepsAxisValuesApart()
    {
        var json = CliHarness.Json(["frontier", .. Grid, "--by", "gpus"]);
        var labels = json["frontiers"]!.AsArray().Select(f => f!["group"]!.GetValue<string>()).ToList();

        Assert.Contains("llama-3.3-70b on h200, gpus 8", labels);
        Assert.Contains("llama-3.3-70b on b200, gpus 2", labels);
        Assert.Equal(labels.Distinct().Count(), labels.Count);
    }

    [Theory]
    [InlineData("--plot", ".svg", "<svg")]
    [InlineData("--plot", ".html", "<!DOCTYPE html>")]
    [InlineData("--plot", ".png", "PNG")]
    [InlineData("--plot-cost", ".html", "$ per million tokens")]
    public void Frontier_Plot_WritesTheChart(string option, string extension, string start)
    {
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + extension);
        try
        {
            var (code, _, error) = CliHarness.Run(["frontier", .. Grid, option, path]);

            Assert.True(code == 0, error);
            Assert.Contains(start, File.ReadAllText(path), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--plot")]
    [InlineData("--plot-cost")]
    public void Frontier_Plot_RejectsAnUnknownImageFormat_BeforeSweeping(string option)
    {
        var (code, _, error) = CliHarness.Run(["frontier", .. Grid, option, "chart.jpg"]);

        Assert.Equal(2, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.Contains(".png, .svg or .html", error, StringComparison.Ordinal);
        Assert.False(File.Exists("chart.jpg"));
    }

    [Fact]
    public void Cheapest_MeetsTheSla_AndNoCheaperSweptPointDoes()
    {
        string csv = Path.GetTempFileName();
        try
        {
            CliHarness.Run(["sweep", .. Grid, "--csv", csv]);
            var json = CliHarness.Json(["cheapest", .. Grid, "--max-ttft-s", "0.5", "--min-tok-s-user", "40", "--context", "8000"]);

            Assert.True(json["found"]!.GetValue<bool>());
            var p = json["point"]!.AsObject();
            Assert.True(p["ttft_s"]!.GetValue<double>() <= 0.5);
            Assert.True(p["tok_s_user"]!.GetValue<double>() >= 40);
            Assert.True(p["max_context"]!.GetValue<int>() >= 8000);
            double cost = p["usd_per_mtok_total"]!.GetValue<double>();
            Assert.DoesNotContain(ReadCsv(csv), r => r.Ttft <= 0.5 && r.User >= 40 && r.MaxContext >= 8000 && r.Cost < cost);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public void Cheapest_SaysSoWhenNothingMeetsTheSla()
    {
        var (code, output, _) = CliHarness.Run(["cheapest", .. Grid, "--max-ttft-s", "0.001", "--min-tok-s-user", "10000"]);

        Assert.Equal(0, code);
        Assert.Contains("No configuration meets the SLA", output, StringComparison.Ordinal);
        Assert.False(CliHarness.Json(["cheapest", .. Grid, "--max-ttft-s", "0.001", "--min-tok-s-user", "10000"])["found"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("--batch", "0..4", "--batch")]
    [InlineData("--batch", "8..4", "--batch")]
    [InlineData("--isl", "1..9:3", "--isl")]
    [InlineData("--backend", "tpu", "--backend")]
    [InlineData("--hardware", "h200,nope", "--hardware")]
    public void BadAxis_PrintsOneLineNamingTheOption_AndExits2(string option, string value, string named)
    {
        var args = Grid.ToList();
        int at = args.IndexOf(option);
        args[at + 1] = value;
        var (code, output, error) = CliHarness.Run(["frontier", .. args]);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public void By_UnknownAxis_Exits2() => Assert.Equal(2, CliHarness.Run(["frontier", .. Grid, "--by", "colour"]).ExitCode);

    private static (string Key, string Group, double User, double Gpu, double Ttft, double Cost, int MaxContext) Row(Dictionary<string, string> r) =>
        (string.Join('|', KeyColumns.Select(c => r[c])), r["model"] + "|" + r["hardware"], D(r["tok_s_user"]), D(r["output_tok_s_gpu"]), D(r["ttft_s"]),
         D(r["usd_per_mtok_total"]), int.Parse(r["max_context"], CultureInfo.InvariantCulture));

    private static readonly string[] KeyColumns = ["model", "hardware", "gpus", "tp", "ep", "dp", "batch", "isl", "osl"];

    private static string Key(JsonObject p) => string.Join('|', KeyColumns.Select(c => p[c]!.ToString()));

    private static List<(string Key, string Group, double User, double Gpu, double Ttft, double Cost, int MaxContext)> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => Row(header.Zip(l.Split(',')).ToDictionary(x => x.First, x => x.Second))).ToList();
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
