using System.Text.Json.Nodes;
using TokenKernels.Tests.Cli;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Market;

/// <summary>Fleet arithmetic by hand: DeepSeek's published day, and a fleet sized on the golden synthetic point.</summary>
public class FleetTests
{
    // The golden dense point (see EconomicsTests): one synthetic GPU, batch 1, 1000 in / 1000 out, TPOT 79.164002 us
    // => 1000 / 0.079164002 = 12632.03 output tok/s/GPU; decode step 79 us, prefill 164.002 us per request.
    private static SweepGrid Golden() => new()
    {
        Models = [Synthetic.Dense()],
        Hardware = [Synthetic.Gpu()],
        Gpus = [1],
        Tp = [1],
        Batch = [1],
        InputTokens = [1000],
        OutputTokens = [1000],
        Profile = Synthetic.Roofline(),
    };

    [Fact]
    public void DeepSeekDay_CostAndRevenue_ToTheDollar()
    {
        var day = FleetScenario.DeepSeek202502;

        // Revenue, by token class (DeepSeek's volumes and R1 prices):
        //   cache hits   608e9 x 0.563 = 342.304e9 tokens x $0.14/M = $47,922.56
        //   cache misses 608e9 x 0.437 = 265.696e9 tokens x $0.55/M = $146,132.80
        //   output       168e9 tokens x $2.19/M                      = $367,920.00
        //   total                                                     = $561,975.36
        // DeepSeek states $562,027: $51.64 (0.009%) more, because its volumes are published rounded (56.3%, 608B, 168B);
        // its own "342B" hits give $562,100 instead, so no rounding of the published figures gives exactly $562,027.
        Assert.Equal(561_975.36, day.Prices.RevenuePerDay(day.Demand).Dollars, 6);
        Assert.Equal(562_027, day.StatedRevenuePerDay!.Value.Dollars);

        // Cost: 226.75 nodes x 8 GPUs = 1,814 H800 x 24 h x $2 = $87,072 a day (DeepSeek's figure, to the dollar).
        using var engine = new SweepEngine(SweepBackend.Scalar);
        var report = TokenKernels.Economics.PlanFleet(engine, day, Golden(), []);
        Assert.Equal(87_072, report.CostPerDay!.Value.Dollars, 9);
        Assert.Equal(1814, report.GpusStated);

        // Cost-profit margin: (561,975.36 - 87,072) / 87,072 = 5.454146, DeepSeek's "545%"; on revenue 474,903.36 / 561,975.36 = 0.845061.
        Assert.Equal(5.454146, report.MarginOnCost!.Value, 6);
        Assert.Equal(0.845061, report.MarginOnRevenue!.Value, 6);
        Assert.Equal(545, Math.Round(report.MarginOnCost.Value * 100));
    }

    [Fact]
    public void ModelFleet_SizedForThePeak_InWholeInstances()
    {
        var scenario = new FleetScenario
        {
            Name = "golden",
            Demand = new FleetDemand { InputTokensPerDay = 2.2e9, OutputTokensPerDay = 2.2e9 },
            Prices = new TokenPrices(new Usd(0), new Usd(0.5), new Usd(1)),
            Hardware = "round",
            Model = "dense10",
            GpuHourPrice = new Usd(1),
        };
        using var engine = new SweepEngine(SweepBackend.Scalar);
        var report = TokenKernels.Economics.PlanFleet(engine, scenario, Golden(), [0, 1e6]);

        // 2.2e9 / 86,400 s = 25,462.963 output tok/s / 12,632.03 per GPU = 2.0158 => 3 GPUs, utilisation
        // 25,462.963 / (3 x 12,632.03) = 0.671933; cost 3 x 24 h x $1 = $72 (no fleet stated, so the model's cost is the cost).
        Assert.Equal(3, report.Model.Gpus);
        Tolerance.Near(2.2e9 / 86_400 / (3 * 1000 / 0.079164002), report.Model.Utilization!.Value, what: "utilisation");
        Assert.Equal(72, report.CostPerDay!.Value.Dollars, 9);

        // Revenue 2.2e9 x $0.5/M + 2.2e9 x $1/M = $3,300; margin on cost (3,300 - 72) / 72 = 44.8333.
        Assert.Equal(3300, report.RevenuePerDay.Dollars, 9);
        Tolerance.Near(3228.0 / 72, report.MarginOnCost!.Value, what: "margin on cost");
        Assert.Null(report.GpusLeft);

        // No configuration reaches 1e6 tok/s/user: the row says so instead of inventing a fleet.
        Assert.Null(report.AtTokSUser[1].Gpus);

        // Peak twice the average: 50,925.93 tok/s / 12,632.03 = 4.0315 => 5 GPUs, utilisation of the average 0.403160.
        var peaky = TokenKernels.Economics.PlanFleet(engine, scenario with { Demand = scenario.Demand with { PeakToAverage = 2 } }, Golden(), []);
        Assert.Equal(5, peaky.Model.Gpus);
        Tolerance.Near(2.2e9 / 86_400 / (5 * 1000 / 0.079164002), peaky.Model.Utilization!.Value, what: "utilisation at a peak of 2");

        // A stated fleet of 10 leaves 10 - 3 = 7 GPUs for other work, and its cost (10 x 24 x $1 = $240) is the day's cost.
        var stated = TokenKernels.Economics.PlanFleet(engine, scenario with { StatedGpus = 10 }, Golden(), []);
        Assert.Equal(7, stated.GpusLeft);
        Assert.Equal(240, stated.CostPerDay!.Value.Dollars, 9);
    }

    [Fact]
    public void BadDemand_NamesTheProperty()
    {
        using var engine = new SweepEngine(SweepBackend.Scalar);
        var day = FleetScenario.DeepSeek202502;
        Assert.Equal("CacheHitShare", Assert.Throws<ArgumentException>(() =>
            TokenKernels.Economics.PlanFleet(engine, day with { Demand = day.Demand with { CacheHitShare = 1 } }, Golden(), [])).ParamName);
        Assert.Equal("PeakToAverage", Assert.Throws<ArgumentException>(() =>
            TokenKernels.Economics.PlanFleet(engine, day with { Demand = day.Demand with { PeakToAverage = 0.5 } }, Golden(), [])).ParamName);
    }

    [Fact]
    public void Cli_DeepSeekScenario_HasTheContractFields()
    {
        var json = CliHarness.Json("fleet", "--gpus", "16", "--ep", "16", "--tp", "1", "--batch", "256..1024:x1.2", "--tok-s-user", "20,50");
        Assert.Equal(87_072, json["cost_usd_per_day"]!.GetValue<double>(), 6);
        Assert.Equal(561_975.36, json["revenue_usd_per_day"]!.GetValue<double>(), 6);
        Assert.Equal(1814, json["gpus_stated"]!.GetValue<double>());
        foreach (string field in new[] { "gpus", "gpus_left", "utilization", "margin_on_revenue", "margin_on_cost" })
        {
            Assert.True(json.ContainsKey(field), field);
        }

        var rows = json["at_tok_s_user"]!.AsArray();
        Assert.Equal([20.0, 50.0], rows.Select(r => r!["tok_s_user"]!.GetValue<double>()));
        Assert.All(rows, r => Assert.True(r!.AsObject().ContainsKey("gpus") && r.AsObject().ContainsKey("cost_usd_per_day") && r.AsObject().ContainsKey("margin_on_cost")));
    }

    [Theory]
    [InlineData("--cache-hit-share", "1.2")]
    [InlineData("--peak-to-average", "0.5")]
    [InlineData("--output-tokens-per-day", "0")]
    [InlineData("--price-output", "-1")]
    [InlineData("--scenario", "nope")]
    public void Cli_BadOption_IsNamed_Exit2(string option, string value)
    {
        var (code, output, error) = CliHarness.Run("fleet", option, value);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_OverriddenVolumes_DropTheStatedRevenue()
    {
        var json = CliHarness.Json("fleet", "--output-tokens-per-day", "84e9", "--gpus", "16", "--ep", "16", "--tp", "1", "--batch", "256..1024:x1.2", "--tok-s-user", "20");

        // Output halved: revenue 561,975.36 - 84e9 x $2.19/M = 561,975.36 - 183,960 = 378,015.36.
        Assert.Equal(378_015.36, json["revenue_usd_per_day"]!.GetValue<double>(), 6);
        Assert.Null(json["stated_revenue_usd_per_day"]);
        _ = json["at_tok_s_user"] as JsonArray ?? throw new InvalidOperationException();
    }
}
