using TokenKernels.Tests.Cli;
using Xunit;

namespace TokenKernels.Tests.Market;

/// <summary><c>compare</c>: one run across hardware equals one <c>cheapest</c> per hardware; prices per hardware; missing prices named.</summary>
public class CompareTests
{
    private static readonly string[] Grid =
        ["--model", "llama-3.1-8b", "--gpus", "1,2", "--tp", "1,2", "--ep", "1", "--batch", "1..256:x2", "--isl", "1000", "--osl", "1000", "--max-ttft-s", "1000", "--backend", "scalar"];

    [Fact]
    public void Compare_EqualsOneCheapestPerHardware_EachAtItsOwnPrice()
    {
        var compare = CliHarness.Json(["compare", .. Grid, "--hardware", "h200,b200", "--tok-s-user", "20,150", "--gpu-hour-usd", "h200=2.3"]);
        var rows = compare["rows"]!.AsArray();
        Assert.Equal(4, rows.Count);
        foreach (var (hardware, price) in new[] { ("h200", "2.3"), ("b200", "1.95") })
        {
            foreach (double target in new[] { 20.0, 150.0 })
            {
                var row = rows.Single(r => r!["hardware"]!.GetValue<string>() == hardware && r["tok_s_user"]!.GetValue<double>() == target)!;
                var cheapest = CliHarness.Json(["cheapest", .. Grid, "--hardware", hardware, "--min-tok-s-user", target.ToString(System.Globalization.CultureInfo.InvariantCulture), "--gpu-hour-usd", price]);
                Assert.True(cheapest["found"]!.GetValue<bool>());
                var point = cheapest["point"]!;
                Assert.Equal(double.Parse(price, System.Globalization.CultureInfo.InvariantCulture), row["gpu_hour_usd"]!.GetValue<double>());
                Assert.Equal(point["usd_per_mtok_total"]!.GetValue<double>(), row["usd_per_mtok_total"]!.GetValue<double>());
                Assert.Equal(point["usd_per_mtok_output"]!.GetValue<double>(), row["usd_per_mtok_output"]!.GetValue<double>());
                Assert.Equal(point["usd_per_mtok_input"]!.GetValue<double>(), row["usd_per_mtok_input"]!.GetValue<double>());
                Assert.Contains($" batch {point["batch"]!.GetValue<int>()} ", row["configuration"]!.GetValue<string>(), StringComparison.Ordinal);
                Assert.StartsWith($"{hardware} x{point["gpus"]!.GetValue<int>()} tp{point["tp"]!.GetValue<int>()} ", row["configuration"]!.GetValue<string>(), StringComparison.Ordinal);
            }
        }

        Assert.Equal(2, compare["frontiers"]!.AsArray().Count);
    }

    [Fact]
    public void Compare_Plot_WritesTheCostChart_OnlyAfterTheRun()
    {
        string folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            string png = Path.Combine(folder, "compare.png");
            var (code, _, error) = CliHarness.Run(["compare", .. Grid, "--hardware", "h200,b200", "--plot", png, "--csv", Path.Combine(folder, "rows.csv")]);
            Assert.True(code == 0, error);
            byte[] bytes = File.ReadAllBytes(png);
            Assert.True(bytes.Length > 1000);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            string[] csv = File.ReadAllLines(Path.Combine(folder, "rows.csv"));
            Assert.Equal(string.Join(',', Columns()), csv[0]);
            Assert.Equal(1 + (2 * 2), csv.Length);

            // A plot into a folder that does not exist is refused before any work, naming the option.
            var (bad, _, badError) = CliHarness.Run(["compare", .. Grid, "--hardware", "h200", "--plot", Path.Combine(folder, "no", "such.png")]);
            Assert.Equal(2, bad);
            Assert.Contains("--plot", badError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IReadOnlyList<string> Columns() => TokenKernels.Cli.Commands.CompareCommand.Columns;

    [Fact]
    public void Compare_UnreachableTarget_GivesNullCosts()
    {
        var json = CliHarness.Json(["compare", .. Grid, "--hardware", "h200", "--tok-s-user", "100000"]);
        var row = Assert.Single(json["rows"]!.AsArray())!;
        Assert.Null(row["usd_per_mtok_total"]);
        Assert.Null(row["configuration"]);
    }

    [Fact]
    public void Compare_MissingPrices_AreNamedInOneLine_Exit2()
    {
        var (code, output, error) = CliHarness.Run(["compare", .. Grid, "--hardware", "h200,h20"]);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd('\n', '\r').Split('\n'));
        Assert.Contains("h20", error, StringComparison.Ordinal);
        Assert.Contains("--gpu-hour-usd", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--price-tier", "wholesale", "--price-tier")]
    [InlineData("--gpu-hour-usd", "b300=2", "--gpu-hour-usd")]
    [InlineData("--gpu-hour-usd", "h200=-1", "--gpu-hour-usd")]
    [InlineData("--price-file", "/no/such/prices.csv", "--price-file")]
    public void Compare_BadPrices_AreNamed(string option, string value, string named)
    {
        var (code, _, error) = CliHarness.Run(["compare", .. Grid, "--hardware", "h200", option, value]);
        Assert.Equal(2, code);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public void PriceTiers_FollowPricesCsv()
    {
        // data/prices.csv: h200 1.41 / 1.74 / 1.6; h20 has no figure in any tier; h800's $2 is DeepSeek's, filed as hyperscaler only.
        var h200 = BuiltInCatalog.GetHardware("h200");
        Assert.Equal(1.41, GpuHourPrices.ForTier(PriceTier.Hyperscaler).For(h200)!.Value.Dollars);
        Assert.Equal(1.74, GpuHourPrices.ForTier(PriceTier.Neocloud).For(h200)!.Value.Dollars);
        Assert.Equal(1.6, GpuHourPrices.ForTier(PriceTier.Retail).For(h200)!.Value.Dollars);
        Assert.Null(GpuHourPrices.ForTier(PriceTier.Retail).For(BuiltInCatalog.GetHardware("h20")));
        Assert.Null(GpuHourPrices.ForTier(PriceTier.Neocloud).For(BuiltInCatalog.GetHardware("h800")));
        Assert.All(GpuHourPrices.BuiltInQuotes, q => Assert.False(string.IsNullOrWhiteSpace(q.Source)));

        // The shipped file read through Load gives the same as the built-in tier, for every hardware and tier.
        foreach (PriceTier tier in Enum.GetValues<PriceTier>())
        {
            var file = GpuHourPrices.Load(Path.Combine(OfferTests.RepoRoot(), "data", "prices.csv"), tier);
            var builtIn = GpuHourPrices.ForTier(tier);
            Assert.All(BuiltInCatalog.Hardware, h => Assert.Equal(builtIn.For(h), file.For(h)));
        }
    }
}
