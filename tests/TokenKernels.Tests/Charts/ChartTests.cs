using System.Buffers.Binary;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ScottPlot;
using Xunit;

namespace TokenKernels.Tests.Charting;

public partial class ChartTests
{
    private const int Width = 640;
    private const int Height = 400;

    public static TheoryData<string> Kinds => ["cost", "frontier", "offers", "offers-context", "ttft", "fleet"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Png_IsAnImageOfTheStatedSize(string kind)
    {
        byte[] png = ChartFile.Png(Build(kind), Width, Height);

        // PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers at bytes 16 and 20.
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(Width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(Height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        // A blank 640x400 PNG compresses to about 2 KB; axes, text and markers take far more.
        Assert.True(png.Length > 10_000, $"{png.Length} bytes");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Plot_DrawsEverySeriesPoint_AtItsAxisPosition(string kind)
    {
        var chart = Build(kind);
        var plot = ChartRenderer.ToPlot(chart);
        var drawn = DrawnPoints(plot);

        var expected = chart.Series.SelectMany(s => s.Points)
            .Select(p => (X: chart.X.Log ? Math.Log10(p.X) : p.X, Y: chart.Y.Log ? Math.Log10(p.Y) : p.Y)).ToList();
        Assert.Equal(expected.Count, drawn.Count);
        foreach (var (x, y) in expected)
        {
            Assert.Contains(drawn, d => Math.Abs(d.X - x) < 1e-12 && Math.Abs(d.Y - y) < 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Html_EmbedsTheSeriesData_AndNeedsNoNetwork(string kind)
    {
        var chart = Build(kind);
        string html = ChartFile.Html(chart, Width, Height);

        var data = JsonNode.Parse(EmbeddedData().Match(html).Groups[1].Value)!.AsObject();
        var series = data["series"]!.AsArray();
        Assert.Equal(chart.Series.Count, series.Count);
        for (int i = 0; i < series.Count; i++)
        {
            Assert.Equal(chart.Series[i].Name, series[i]!["name"]!.GetValue<string>());
            var points = series[i]!["points"]!.AsArray();
            Assert.Equal(chart.Series[i].Points.Select(p => (p.X, p.Y)), points.Select(p => (p!["x"]!.GetValue<double>(), p["y"]!.GetValue<double>())));
        }

        Assert.Equal(chart.Y.Log, data["y"]!["log"]!.GetValue<bool>());
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
        // One marker per point, each with a hover title.
        Assert.Equal(chart.Series.Sum(s => s.Points.Count), Regex.Count(html, "<title>") - 1);
    }

    [Fact]
    public void Cost_IsOnALogAxis_AndKeepsOnlyTheCheapestAtEachSpeed()
    {
        // Series "m on a" also holds (15 tok/s/user, $0.30): point (20, $0.20) is both faster and cheaper, so it goes.
        var a = ChartData.TwoFrontiers()[0];
        var withBeaten = new FrontierSeries(a.Label, [.. a.Points, ChartData.Point(0, "a", 15, 600, 0.30)]);
        var chart = TokenCharts.CostAgainstInteractivity([withBeaten, ChartData.TwoFrontiers()[1]]);

        Assert.True(chart.Y.Log);
        Assert.True(chart.X.Log); // 5..200 tok/s/user spans 40x
        Assert.Equal([(5.0, 0.05), (20.0, 0.2), (200.0, 10.0)], chart.Series[0].Points.Select(p => (p.X, p.Y)));
        Assert.Equal([(10.0, 0.1), (100.0, 2.0)], chart.Series[1].Points.Select(p => (p.X, p.Y)));
    }

    [Fact]
    public void Cost_DrawsTheChosenPrice_AndNamesSeriesWithoutOne()
    {
        var unpriced = new FrontierSeries("m on h20", [ChartData.Point(2, "h20", 30, 500, null)]);
        var chart = TokenCharts.CostAgainstInteractivity([ChartData.TwoFrontiers()[1], unpriced], ChartCost.Output);

        // Output $/Mtok is twice the total in ChartData.Point.
        Assert.Equal([0.2, 4.0], chart.Series.Single().Points.Select(p => p.Y));
        Assert.Contains("m on h20", chart.Subtitle, StringComparison.Ordinal);
    }

    [Fact]
    public void Frontier_TurnsLog_OnlyWhereValuesSpanDecades_AndLabelsCost()
    {
        var wide = TokenCharts.Frontier(ChartData.TwoFrontiers());
        Assert.True(wide.X.Log);
        Assert.True(wide.Y.Log); // 20..4000 tok/s/GPU

        // 30..50 tok/s/user and 800..1000 tok/s/GPU: under 20x, linear axes starting at 0 (no negative throughput).
        var narrow = TokenCharts.Frontier([new FrontierSeries("m on a", [ChartData.Point(0, "a", 30, 1000, 0.5), ChartData.Point(0, "a", 50, 800, 0.7)])]);
        Assert.False(narrow.X.Log);
        Assert.False(narrow.Y.Log);
        var limits = ChartRenderer.ToPlot(narrow).Axes.GetLimits();
        Assert.Equal(0, limits.Bottom);
        Assert.Equal(0, limits.Left);
        Assert.Contains("$0.5", narrow.Series[0].Points.Select(p => p.Label));
    }

    [Fact]
    public void Series_DifferInShapeAndColour()
    {
        var series = Enumerable.Range(0, 8).Select(i => new FrontierSeries($"s{i}", [ChartData.Point(i, "a", 10 + i, 100, 1)])).ToList();
        var scatters = ChartRenderer.ToPlot(TokenCharts.Frontier(series)).GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();

        Assert.Equal(8, scatters.Select(s => s.MarkerShape).Distinct().Count());
        Assert.Equal(8, scatters.Select(s => s.Color.ToHex()).Distinct().Count());
        Assert.All(scatters, s => Assert.False(string.IsNullOrEmpty(s.LegendText)));
    }

    [Fact]
    public void Offers_BubbleAreaFollowsContext_AndDominatedOffersAreTheirOwnSeries()
    {
        var chart = Offers();
        Assert.True(chart.X.Log);
        Assert.True(chart.Y.Log);
        Assert.Equal(["not dominated", "dominated"], chart.Series.Select(s => s.Name));
        Assert.Contains("dominated: another offer is no worse on price, TTFT, speed and context, better on one", chart.Subtitle, StringComparison.Ordinal);
        Assert.Equal(["cheap (60% margin)", "long"], chart.Series[0].Points.Select(p => p.Label));

        // Area proportional to context: 131,072 tokens is 4x 32,768, so its diameter is 2x (46 px for the largest).
        var markers = ChartRenderer.ToPlot(chart).GetPlottables().OfType<ScottPlot.Plottables.Marker>().ToList();
        float longest = markers.Single(m => m.X == Math.Log10(4)).MarkerSize;
        float shortest = markers.Single(m => m.X == Math.Log10(1)).MarkerSize;
        Assert.Equal(46, longest, 3);
        Assert.Equal(23, shortest, 3);
    }

    [Fact]
    public void Offers_RejectAPriceThatALogAxisCannotShow()
    {
        var e = Assert.Throws<ArgumentException>(() => TokenCharts.Offers([new OfferChartPoint("free", 0, Duration.FromSeconds(1), 1000)]));
        Assert.Equal("offers", e.ParamName);
    }

    [Fact]
    public void Ttft_DrawsP50AndP99_AndLeavesSaturatedLoadsOut()
    {
        var chart = Ttft();
        Assert.Equal(["8x h200, P50", "8x h200, P99"], chart.Series.Select(s => s.Name));
        Assert.Equal([(1.0, 0.2), (4.0, 0.5)], chart.Series[0].Points.Select(p => (p.X, p.Y)));
        Assert.Equal([(1.0, 0.6), (4.0, 3.0)], chart.Series[1].Points.Select(p => (p.X, p.Y)));
        Assert.Contains("1 saturated", chart.Subtitle, StringComparison.Ordinal);
    }

    [Fact]
    public void Fleet_PlotsGpusAgainstSpeed_WithCostPerDay()
    {
        var chart = Fleet();
        Assert.Equal([(20.0, 1000.0), (50.0, 4000.0)], chart.Series[0].Points.Select(p => (p.X, p.Y)));
        Assert.Equal(["$87,072/day", "$348,288/day"], chart.Series[0].Points.Select(p => p.Label));
        Assert.Contains("1 target(s) no configuration meets", chart.Subtitle, StringComparison.Ordinal);
    }

    [Fact]
    public void FleetReport_DrawsTheModelsFleet_BesideTheStatedOne()
    {
        var scenario = FleetScenario.DeepSeek202502;
        var report = new FleetReport
        {
            Scenario = scenario,
            Model = new FleetAtSpeed { TokSUser = 20, Gpus = 512, CostPerDay = new Usd(512 * 24 * 2) },
            CostPerDay = new Usd(87_072),
            RevenuePerDay = new Usd(562_027),
            AtTokSUser = [new FleetAtSpeed { TokSUser = 20, Gpus = 512, CostPerDay = new Usd(512 * 24 * 2) }, new FleetAtSpeed { TokSUser = 50, Gpus = 2048, CostPerDay = new Usd(2048 * 24 * 2) }],
        };

        var chart = TokenCharts.FleetAgainstInteractivity(report);

        // The scenario's own target (20) is also in AtTokSUser: drawn once.
        Assert.Equal([(20.0, 512.0), (50.0, 2048.0)], chart.Series[0].Points.Select(p => (p.X, p.Y)));
        // 226.75 nodes x 8 = 1,814 GPUs stated at 20 tok/s/user; 1,814 x 24 h x $2 = $87,072 a day.
        var stated = chart.Series[1].Points.Single();
        Assert.Equal((20.0, 1814.0), (stated.X, stated.Y));
        Assert.Equal("stated: 1,814 GPUs, $87,072/day", stated.Label);
    }

    [Fact]
    public void OffersFromAssessments_PlaceWhatTheyCan_AndNameTheRest()
    {
        var cheap = new ProviderOffer { Provider = "cheap", Model = "deepseek-r1", OutputPrice = new Usd(2.19), Ttft = Duration.FromSeconds(20), ContextTokens = 64_000 };
        var fast = cheap with { Provider = "fast", OutputPrice = new Usd(5.4), Ttft = Duration.FromSeconds(0.5), ContextTokens = 128_000 };
        var unknown = cheap with { Provider = "no ttft", Ttft = null };
        var chart = TokenCharts.Offers(
        [
            new OfferAssessment { Offer = cheap, DominatedBy = [], Margin = 0.8 },
            new OfferAssessment { Offer = fast, DominatedBy = [] },
            new OfferAssessment { Offer = unknown, DominatedBy = ["cheap"] },
        ]);

        Assert.Equal([(20.0, 2.19), (0.5, 5.4)], chart.Series.Single().Points.Select(p => (p.X, p.Y)));
        Assert.Equal(["cheap (80% margin)", "fast"], chart.Series[0].Points.Select(p => p.Label));
        Assert.Contains("not drawn: no ttft", chart.Subtitle, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAll_WritesPngSvgAndHtml_IntoTheSamplesFolder()
    {
        string dir = Path.Combine(Directory.CreateTempSubdirectory().FullName, "made");
        try
        {
            // The samples' folder argument: the first argument, created when missing; a blank one is refused.
            Assert.Equal(dir, ChartFile.OutputFolder([dir, "ignored"]));
            Assert.True(Directory.Exists(dir));
            Assert.Equal(Path.Combine(Path.GetTempPath(), "tokenkernels-samples"), ChartFile.OutputFolder([]));
            Assert.Equal("args", Assert.Throws<ArgumentException>(() => ChartFile.OutputFolder([" "])).ParamName);

            var chart = Build("offers");
            var paths = ChartFile.WriteAll(chart, dir, "offers", Width, Height);
            Assert.Equal(["offers.png", "offers.svg", "offers.html"], paths.Select(Path.GetFileName));
            Assert.Equal(ChartFile.Png(chart, Width, Height), File.ReadAllBytes(paths[0]));
            Assert.Contains("<svg", File.ReadAllText(paths[1]), StringComparison.Ordinal);
            Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(paths[2]), StringComparison.Ordinal);
            Assert.Equal("name", Assert.Throws<ArgumentException>(() => ChartFile.WriteAll(chart, dir, "")).ParamName);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
        }
    }

    [Fact]
    public void Write_PicksTheFormatFromTheExtension_AndRejectsOthers()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var chart = Build("cost");
            ChartFile.Write(chart, Path.Combine(dir, "c.svg"), Width, Height);
            ChartFile.Write(chart, Path.Combine(dir, "c.HTML"), Width, Height);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "c.svg")), StringComparison.Ordinal);
            Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(Path.Combine(dir, "c.HTML")), StringComparison.Ordinal);

            var e = Assert.Throws<ArgumentException>(() => ChartFile.Write(chart, Path.Combine(dir, "c.jpg")));
            Assert.Equal("path", e.ParamName);
            Assert.Equal("--plot", Assert.Throws<ArgumentException>(() => ChartFile.CheckPath("x.txt", "--plot")).ParamName);
            Assert.Equal("width", Assert.Throws<ArgumentException>(() => ChartFile.Png(chart, 10, Height)).ParamName);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(0.3, 2.7, new[] { "2", "5", "10", "20" })] // 2.4 decades < 3: 1-2-5 labels from 10^0.3 = 1.995 to 10^2.7 = 501
    [InlineData(-1.5, 2.5, new[] { "0.1", "1", "10", "100" })] // 4 decades: powers of ten only
    public void LogTicks_LabelPowersOfTen_And125WhenNarrow(double min, double max, string[] firstLabels)
    {
        var (major, minor) = AxisTicks.Ticks(new ChartAxis("t", true), min, max);
        Assert.Equal(firstLabels, major.Select(m => m.Label).Take(firstLabels.Length));
        Assert.All(major, m => Assert.InRange(m.Position, min, max));
        Assert.NotEmpty(minor);
    }

    private static Chart Build(string kind) => kind switch
    {
        "cost" => TokenCharts.CostAgainstInteractivity(ChartData.TwoFrontiers()),
        "frontier" => TokenCharts.Frontier(ChartData.TwoFrontiers()),
        "offers" => Offers(),
        "offers-context" => OffersAgainstContext(),
        "ttft" => Ttft(),
        _ => Fleet(),
    };

    private static Chart Offers() => TokenCharts.Offers(
    [
        new OfferChartPoint("cheap", 0.5, Duration.FromSeconds(1), 32_768) { Margin = 0.6 },
        new OfferChartPoint("long", 2, Duration.FromSeconds(4), 131_072),
        new OfferChartPoint("worse", 3, Duration.FromSeconds(8), 32_768) { DominatedBy = ["cheap", "long"] },
    ]);

    // Price pages: prices and context, no TTFT (64K at $2.19 beats 41K at $3 on every stated figure).
    private static Chart OffersAgainstContext() => TokenCharts.Offers(
    [
        new OfferAssessment { Offer = new ProviderOffer { Provider = "list", Model = "deepseek-r1", OutputPrice = new Usd(2.19), ContextTokens = 64_000 }, DominatedBy = [], Margin = 0.64 },
        new OfferAssessment { Offer = new ProviderOffer { Provider = "turbo", Model = "deepseek-r1", OutputPrice = new Usd(3), ContextTokens = 41_000 }, DominatedBy = ["list"] },
        new OfferAssessment { Offer = new ProviderOffer { Provider = "long", Model = "deepseek-r1", OutputPrice = new Usd(7), ContextTokens = 128_000 }, DominatedBy = [] },
    ]);

    [Fact]
    public void OffersAgainstContext_PlotsPriceOverContext_WithLabelsAndDominance()
    {
        var chart = OffersAgainstContext();
        Assert.Equal("Offers: price against context window", chart.Title);
        Assert.True(chart.X.Log && chart.Y.Log);
        Assert.Equal([(64_000.0, 2.19), (128_000.0, 7.0)], chart.Series[0].Points.Select(p => (p.X, p.Y)));
        Assert.Equal(["list (64% margin)", "long"], chart.Series[0].Points.Select(p => p.Label));
        Assert.Equal([(41_000.0, 3.0)], chart.Series[1].Points.Select(p => (p.X, p.Y)));

        // Drawn: one scatter per series with the same points (log10 of the data on log axes).
        var scatters = ChartRenderer.ToPlot(chart).GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        Assert.Equal(2, scatters.Count);
        Assert.Equal([Math.Log10(64_000), Math.Log10(128_000)], scatters[0].Data.GetScatterPoints().Select(p => p.X));
    }

    private static Chart Ttft() => TokenCharts.TtftAgainstLoad(
    [
        new TtftLoadSeries("8x h200",
        [
            new TtftAtLoad(4, Duration.FromSeconds(0.5), Duration.FromSeconds(3)),
            new TtftAtLoad(1, Duration.FromSeconds(0.2), Duration.FromSeconds(0.6)),
            new TtftAtLoad(9, Duration.FromSeconds(0), Duration.FromSeconds(0), Saturated: true),
        ]),
    ]);

    [Fact]
    public void FleetChart_LabelsAFlatRunOfEqualCostsOnce()
    {
        // 10 and 15 tok/s/user need the same fleet (1,872 GPUs, $89,856/day = 1,872 x 24 h x $2): two labels at the same
        // height 5 tok/s apart overlap, so only the first keeps its label; 20 tok/s costs more and keeps its own.
        var chart = TokenCharts.FleetAgainstInteractivity(
        [
            new FleetSeries("h800",
            [
                new FleetAtSpeed { TokSUser = 15, Gpus = 1872, CostPerDay = new Usd(89_856) },
                new FleetAtSpeed { TokSUser = 10, Gpus = 1872, CostPerDay = new Usd(89_856) },
                new FleetAtSpeed { TokSUser = 20, Gpus = 1968, CostPerDay = new Usd(94_464) },
            ]),
        ]);
        Assert.Equal(["$89,856/day", "", "$94,464/day"], chart.Series[0].Points.Select(p => p.Label));
    }

    [Fact]
    public void FleetChart_LeavesOffALabelThatWouldOverlapTheLastOne()
    {
        // The axes run from 0 to 60 tok/s/user and 0 to 3,120 GPUs. 15 tok/s is 5 from the labelled 10 (8% of the span,
        // under a label's 12%) and 48 GPUs above it (1.5%, under 5%): its label would overlap, so it is left off. 20 tok/s is
        // 10 from 10 (17%): kept; 60 is far from 20: kept.
        var chart = TokenCharts.FleetAgainstInteractivity(
        [
            new FleetSeries("h800",
            [
                new FleetAtSpeed { TokSUser = 10, Gpus = 1872, CostPerDay = new Usd(89_856) },
                new FleetAtSpeed { TokSUser = 15, Gpus = 1920, CostPerDay = new Usd(92_160) },
                new FleetAtSpeed { TokSUser = 20, Gpus = 2016, CostPerDay = new Usd(96_768) },
                new FleetAtSpeed { TokSUser = 60, Gpus = 3120, CostPerDay = new Usd(149_760) },
            ]),
        ]);
        Assert.Equal(["$89,856/day", "", "$96,768/day", "$149,760/day"], chart.Series[0].Points.Select(p => p.Label));
    }

    // Costs per day: DeepSeek's stated day (226.75 nodes x 8 GPUs x 24 h x $2 = $87,072) and 4x it ($348,288); the labels must
    // show the plans' own CostPerDay, whatever the GPU count.
    private static Chart Fleet() => TokenCharts.FleetAgainstInteractivity(
    [
        new FleetSeries("h800",
        [
            new FleetAtSpeed { TokSUser = 50, Gpus = 4000, CostPerDay = new Usd(348_288), Utilization = 0.5 },
            new FleetAtSpeed { TokSUser = 20, Gpus = 1000, CostPerDay = new Usd(87_072), Utilization = 0.5 },
            new FleetAtSpeed { TokSUser = 500 }, // no configuration reaches it: not drawn
        ]),
    ]);

    private static List<(double X, double Y)> DrawnPoints(Plot plot)
    {
        var points = new List<(double, double)>();
        foreach (var p in plot.GetPlottables())
        {
            switch (p)
            {
                case ScottPlot.Plottables.Scatter s:
                    points.AddRange(s.Data.GetScatterPoints().Select(c => (c.X, c.Y)));
                    break;
                case ScottPlot.Plottables.Marker m:
                    points.Add((m.X, m.Y));
                    break;
            }
        }

        return points;
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"chart-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex EmbeddedData();
}
