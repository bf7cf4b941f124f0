using System.Globalization;
using TokenKernels.Tests.Cli;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Market;

/// <summary>Offers: dominance on hand-built sets, the strict CSV loader, and the <c>offers</c> command's errors.</summary>
public class OfferTests
{
    private const string Header = "provider,model,usd_per_mtok_input,usd_per_mtok_input_cache_hit,usd_per_mtok_output,ttft_s,tok_s_user,context_tokens,hardware,source";

    private static ProviderOffer Offer(string provider, double input = 1, double output = 4, double? ttft = 2, double? speed = 30, int? context = 64_000, double? hit = null) => new()
    {
        Provider = provider,
        Model = "deepseek-r1",
        InputPrice = new Usd(input),
        InputCacheHitPrice = hit is { } h ? new Usd(h) : null,
        OutputPrice = new Usd(output),
        Ttft = ttft is { } t ? Duration.FromSeconds(t) : null,
        TokSUser = speed,
        ContextTokens = context,
        Source = "test",
    };

    [Fact]
    public void Dominance_BetterOnOneEqualOnTheRest_Dominates()
    {
        var a = Offer("a");
        Assert.True(OfferDominance.Dominates(Offer("cheaper", output: 3), a));
        Assert.True(OfferDominance.Dominates(Offer("faster", speed: 31), a));
        Assert.True(OfferDominance.Dominates(Offer("sooner", ttft: 1), a));
        Assert.True(OfferDominance.Dominates(Offer("longer", context: 128_000), a));
        Assert.False(OfferDominance.Dominates(a, Offer("cheaper", output: 3)));
    }

    [Fact]
    public void Dominance_Tradeoffs_AndEqualOffers_DoNotDominate()
    {
        // Cheaper but slower: a trade-off, neither dominates.
        Assert.False(OfferDominance.Dominates(Offer("x", output: 3, speed: 20), Offer("y")));
        Assert.False(OfferDominance.Dominates(Offer("y"), Offer("x", output: 3, speed: 20)));

        // Equal on every dimension (a tie everywhere): no strict improvement, so neither dominates the other.
        Assert.False(OfferDominance.Dominates(Offer("p"), Offer("q")));
        Assert.False(OfferDominance.Dominates(Offer("q"), Offer("p")));
        var by = OfferDominance.DominatedBy([Offer("p"), Offer("q"), Offer("r", input: 2)]);
        Assert.Empty(by[0]);
        Assert.Empty(by[1]);
        Assert.Equal([0, 1], by[2]);
    }

    [Fact]
    public void Dominance_AMissingDimension_IsLeftOut_TheRestDecide()
    {
        // u is better on every price and equal on speed and context; its TTFT is unknown, so TTFT is not compared and
        // u dominates a on the five dimensions both state. The converse never holds (a is worse on price).
        var unknownTtft = Offer("u", input: 0.5, output: 2, ttft: null);
        Assert.True(OfferDominance.Dominates(unknownTtft, Offer("a")));
        Assert.False(OfferDominance.Dominates(Offer("a"), unknownTtft));
        Assert.DoesNotContain("TTFT", OfferDominance.SharedDimensions(unknownTtft, Offer("a")));
        Assert.Equal(5, OfferDominance.SharedDimensions(unknownTtft, Offer("a")).Count);

        // A missing dimension cannot hide a stated trade-off: cheaper output (3 < 4) but later TTFT (3 s > 2 s), speed unknown
        // on one side: neither dominates.
        Assert.False(OfferDominance.Dominates(Offer("c", output: 3, ttft: 3, speed: null), Offer("d")));
        Assert.False(OfferDominance.Dominates(Offer("d"), Offer("c", output: 3, ttft: 3, speed: null)));

        // Equal on everything both state, the rest unknown: no strict improvement, no dominance.
        Assert.False(OfferDominance.Dominates(Offer("e", ttft: null), Offer("f", speed: null)));

        // Sharing no dimension at all: never compared.
        var onlyPrices = new ProviderOffer { Provider = "p", Model = "deepseek-r1", OutputPrice = new Usd(1), Source = "t" };
        var onlySpeed = new ProviderOffer { Provider = "s", Model = "deepseek-r1", TokSUser = 10, Source = "t" };
        Assert.Empty(OfferDominance.SharedDimensions(onlyPrices, onlySpeed));
        Assert.False(OfferDominance.Dominates(onlyPrices, onlySpeed));
        Assert.False(OfferDominance.Dominates(onlySpeed, onlyPrices));
    }

    [Fact]
    public void Dominance_CacheHitPrice_DefaultsToTheMissPrice()
    {
        // b offers a cache discount (0.25 < 1); a, without one, pays 1 for hits too: b dominates a on the hit price alone.
        Assert.True(OfferDominance.Dominates(Offer("b", hit: 0.25), Offer("a")));
        Assert.False(OfferDominance.Dominates(Offer("a"), Offer("b", hit: 0.25)));
    }

    [Fact]
    public void Dominance_DifferentModels_AreNeverCompared()
    {
        Assert.False(OfferDominance.Dominates(Offer("a", output: 1) with { Model = "other" }, Offer("b")));
    }

    [Fact]
    public void Csv_ReadsTheShippedExample()
    {
        var offers = OfferCsv.Load(Path.Combine(RepoRoot(), "data", "offers-deepseek-r1.csv"));
        var deepseek = Assert.Single(offers, o => o.Provider == "DeepSeek");
        Assert.Equal(0.55, deepseek.InputPrice!.Value.Dollars);
        Assert.Equal(0.14, deepseek.InputCacheHitPrice!.Value.Dollars);
        Assert.Equal(2.19, deepseek.OutputPrice!.Value.Dollars);
        Assert.Equal(3.97, deepseek.Ttft!.Value.Seconds);
        Assert.Null(offers.Single(o => o.Provider == "DeepSeek off-peak").Ttft);
        Assert.All(offers, o => Assert.False(string.IsNullOrWhiteSpace(o.Source)));
    }

    [Fact]
    public void ShippedOffers_DominanceAsTheReadmeStates()
    {
        // README Market: on the figures both state, DeepSeek ($0.55/$0.14/$2.19, 64K, 19.0 tok/s) dominates Novita R1-Turbo
        // ($0.70/$0.70/$2.50, 64K: dearer everywhere, same context) and DeepInfra R1-Turbo ($1/$1/$3, 41K); Together
        // ($3/$7, 128K) and Fireworks ($3/$8, 160K) have more context than DeepSeek, so it does not dominate them.
        var offers = OfferCsv.Load(Path.Combine(RepoRoot(), "data", "offers-deepseek-r1.csv"));
        ProviderOffer By(string provider) => offers.Single(o => o.Provider == provider);
        Assert.True(OfferDominance.Dominates(By("DeepSeek"), By("Novita R1-Turbo")));
        Assert.True(OfferDominance.Dominates(By("DeepSeek"), By("DeepInfra R1-Turbo")));
        Assert.False(OfferDominance.Dominates(By("DeepSeek"), By("Together AI")));
        Assert.False(OfferDominance.Dominates(By("DeepSeek"), By("Fireworks AI")));
        Assert.Equal(["input price", "cache-hit price", "output price"], OfferDominance.SharedDimensions(By("DeepInfra R1-0528"), By("Together AI")));

        // The speed-measured offers: Nebius ($0.80/$2.40, 1.47 s, 7.0 tok/s, 96K) is cheaper, sooner and faster than Azure
        // ($1.35/$5.40, 1.56 s, 6.9 tok/s, 128K) but serves less context: a trade-off, neither dominates. DeepSeek's
        // off-peak prices (a quarter of the list, 20 tok/s, same 64K, no TTFT) dominate its list offer (19.0 tok/s).
        Assert.False(OfferDominance.Dominates(By("Nebius AI Studio"), By("Azure AI Foundry")));
        Assert.False(OfferDominance.Dominates(By("Azure AI Foundry"), By("Nebius AI Studio")));
        Assert.True(OfferDominance.Dominates(By("DeepSeek off-peak"), By("DeepSeek")));
    }

    [Fact]
    public void Csv_RoundTripsThroughRow()
    {
        var offer = Offer("a, quoted \"one\"", hit: 0.5) with { Hardware = "h200" };
        var back = Assert.Single(OfferCsv.Parse(Header + "\n" + OfferCsv.Row(offer) + "\n"));
        Assert.Equal(offer, back);
    }

    [Theory]
    [InlineData("a,deepseek-r1,abc,,4,2,30,64000,,src", "line 2, column 'usd_per_mtok_input'")]
    [InlineData("a,deepseek-r1,1,,4,-2,30,64000,,src", "line 2, column 'ttft_s'")]
    [InlineData("a,deepseek-r1,1,,4,2,30,64k,,src", "line 2, column 'context_tokens'")]
    [InlineData("a,deepseek-r1,1,2,4,2,30,64000,,src", "line 2, column 'usd_per_mtok_input_cache_hit'")]
    [InlineData(",deepseek-r1,1,,4,2,30,64000,,src", "line 2, column 'provider'")]
    [InlineData("a,deepseek-r1,1,,4,2,30,64000,,", "line 2, column 'source'")]
    [InlineData("a,deepseek-r1,1,,4,2,30,64000,src", "line 2: has 9 fields")]
    [InlineData("a,deepseek-r1,1,,4,2,30,64000,,src\nA,deepseek-r1,1,,4,2,30,64000,,src", "line 3, column 'provider'")]
    public void Csv_BadRows_NameTheLineAndColumn(string rows, string expected)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => OfferCsv.Parse(Header + "\n" + rows + "\n", "o.csv"));
        Assert.Contains("o.csv " + expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_BadHeader_IsNamed()
    {
        var e = Assert.Throws<OfferFormatException>(() => OfferCsv.Parse(Header.Replace("ttft_s", "ttft", StringComparison.Ordinal) + "\n", "o.csv"));
        Assert.Contains("o.csv line 1, column 'ttft'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_BadOfferRow_ExitsWith2_NamingLineAndColumn()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Header + "\na,deepseek-r1,1,,4,2,fast,64000,,src\n");
            var (code, output, error) = CliHarness.Run("offers", path, "--hardware", "h200");
            Assert.Equal(2, code);
            Assert.Empty(output);
            Assert.Single(error.TrimEnd('\n', '\r').Split('\n'));
            Assert.Contains("line 2, column 'tok_s_user'", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Cli_MissingPrice_NamesTheHardware_AndExits2()
    {
        var (code, _, error) = CliHarness.Run("offers", Path.Combine(RepoRoot(), "data", "offers-deepseek-r1.csv"), "--hardware", "h200,h20", "--load", "0.7");
        Assert.Equal(2, code);
        Assert.Contains("h20", error, StringComparison.Ordinal);
        Assert.DoesNotContain("h200,", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_CostToServe_IsTheCheapestMeetingTheOffer_AndTheMarginFollows()
    {
        // The golden dense point (see EconomicsTests): $1.64002e-4 per M input tokens (164.002 ns of GPU time per prompt
        // token at $0.001/s) and $0.079 per M output tokens (79 us per token), TPOT 79.164 us = 12,632 tok/s/user, at $3.6/h.
        var grid = new SweepGrid
        {
            Models = [Synthetic.Dense()],
            Hardware = [Synthetic.Gpu()],
            Gpus = [1],
            Tp = [1],
            Batch = [1],
            InputTokens = [1000],
            OutputTokens = [1000],
            Profile = Synthetic.Roofline(),
            Load = 0.5,
        };
        var offers = new[]
        {
            Offer("fits") with { Model = "dense10", Ttft = Duration.FromSeconds(1), TokSUser = 100 },
            Offer("too fast") with { Model = "dense10", Ttft = Duration.FromSeconds(1), TokSUser = 20_000 },
            Offer("no physics") with { Model = "unknown-model" },
            Offer("no ttft", ttft: null) with { Model = "dense10", TokSUser = 100 },
            Offer("no speed") with { Model = "dense10", Ttft = Duration.FromSeconds(1), TokSUser = null },
        };
        using var engine = new SweepEngine(SweepBackend.Scalar);
        var assessed = TokenKernels.Economics.AssessOffers(engine, offers, grid, GpuHourPrices.Catalog);

        // Request cost (1000 x 1.64002e-4 + 1000 x 0.079) / 1e6 = $7.9164002e-5; price (1000 x $1 + 1000 x $4) / 1e6 = $0.005;
        // margin 1 - 7.9164002e-5 / 0.005 = 0.98416720.
        Assert.Equal("round", assessed[0].Serving!.Value.Configuration.Hardware);
        Tolerance.Near(0.079, assessed[0].CostPerMtokOutput!.Value.Dollars, what: "output cost");
        Tolerance.Near(1 - (7.9164002e-5 / 0.005), assessed[0].Margin!.Value, what: "margin");
        Assert.Equal(3.6, assessed[0].GpuHourPrice!.Value.Dollars);

        // 20,000 tok/s/user is beyond the point's 12,632: no configuration, no margin, and a reason.
        Assert.Null(assessed[1].Serving);
        Assert.Null(assessed[1].Margin);
        Assert.NotNull(assessed[1].Note);
        Assert.Contains("catalog", assessed[2].Note, StringComparison.Ordinal);

        // An offer without a TTFT or a tok/s/user has no serving configuration to price (a missing bound admits any):
        // no cost, no margin, and the note names what it lacks.
        Assert.All(assessed.Skip(3), a => Assert.Null(a.Serving));
        Assert.All(assessed.Skip(3), a => Assert.Null(a.Margin));
        Assert.Equal("states no TTFT: no cost to serve (it needs both)", assessed[3].Note);
        Assert.Equal("states no tok/s/user: no cost to serve (it needs both)", assessed[4].Note);

        // The same answer as one Cheapest with the offer's SLA.
        var sla = new ServiceLevel { MaxTtft = Duration.FromSeconds(1), MinTokSUser = 100, MinContext = 64_000 };
        Assert.Equal(engine.Cheapest(grid, sla).Value!.Value.Index, assessed[0].Serving!.Value.Index);
    }

    [Fact]
    public void Assess_AtALoad_TheOffersTtftBoundsTheP90()
    {
        var grid = new SweepGrid
        {
            Models = [],
            Hardware = [BuiltInCatalog.GetHardware("h200")],
            Gpus = [1],
            Tp = [1],
            Batch = AxisValues.ParseIntegers("1..512:x2", "batch"),
            InputTokens = [2000],
            OutputTokens = [500],
            Load = 0.8,
        };
        var offer = Offer("p") with { Model = "llama-3.1-8b", Ttft = Duration.FromSeconds(0.5), TokSUser = 30, ContextTokens = 8000 };
        using var engine = new SweepEngine(SweepBackend.Scalar);
        var a = Assert.Single(TokenKernels.Economics.AssessOffers(engine, [offer], grid, GpuHourPrices.Catalog));
        var p90 = a.Serving!.Value.Metrics.TtftP90AtLoad!.Value.Seconds;
        Assert.InRange(p90, 0, 0.5);

        // At a lighter load queueing adds less to the TTFT, so the answer is never dearer.
        var light = Assert.Single(TokenKernels.Economics.AssessOffers(engine, [offer], grid with { Load = 0.1 }, GpuHourPrices.Catalog));
        Assert.True(light.Serving!.Value.Metrics.UsdPerMtokTotal!.Value <= a.Serving.Value.Metrics.UsdPerMtokTotal!.Value);

        // No stated load: an offer's TTFT has nothing to be met at, so the call is refused, naming the grid.
        Assert.Equal("grid", Assert.Throws<ArgumentException>(() => TokenKernels.Economics.AssessOffers(engine, [offer], grid with { Load = 0 }, GpuHourPrices.Catalog)).ParamName);
    }

    [Fact]
    public void Cli_Json_HasTheContractsFields_CostOnlyWhereTtftAndSpeedAreStated()
    {
        // Contract: {"offers":[{"provider","model","dominated_by":[providers],"cost_to_serve_usd_per_mtok_output",
        // "serving_hardware","margin"}]}, cost and margin null when no hardware can meet the offer (here also when the
        // offer states no TTFT or tok/s/user).
        // Disaggregated, as DeepSeek serves R1: at 70 % load every colocated layout saturates or misses the offers' TTFT
        // (each lone prompt's prefill holds up every attention-DP rank's decode step; see the Offers sample).
        var json = CliHarness.Json("offers", Path.Combine(RepoRoot(), "data", "offers-deepseek-r1.csv"), "--hardware", "h800", "--load", "0.7",
            "--disaggregated", "true", "--prefill-gpus", "16", "--decode-gpus", "64", "--tp", "1", "--ep", "16,32", "--batch", "64..2048:x2");
        var rows = json["offers"]!.AsArray();
        Assert.Equal(9, rows.Count);
        string[] contract = ["provider", "model", "dominated_by", "cost_to_serve_usd_per_mtok_output", "serving_hardware", "margin"];
        Assert.All(rows, r => Assert.All(contract, f => Assert.True(r!.AsObject().ContainsKey(f), f)));
        Assert.Equal(0.7, json["load"]!.GetValue<double>());

        var byProvider = rows.ToDictionary(r => r!["provider"]!.GetValue<string>(), r => r!);
        Assert.Equal(["DeepSeek off-peak"], byProvider["DeepSeek"]["dominated_by"]!.AsArray().Select(p => p!.GetValue<string>()));
        foreach (string priced in new[] { "DeepSeek", "Together AI", "Fireworks AI", "Azure AI Foundry", "Nebius AI Studio" })
        {
            Assert.Equal("h800", byProvider[priced]["serving_hardware"]!.GetValue<string>());
            Assert.True(byProvider[priced]["cost_to_serve_usd_per_mtok_output"]!.GetValue<double>() > 0, priced);
            Assert.True(byProvider[priced]["serving_ttft_s_p90_at_load"]!.GetValue<double>() <= byProvider[priced]["ttft_s"]!.GetValue<double>(), priced);
        }

        foreach (string unpriced in new[] { "DeepSeek off-peak", "DeepInfra R1-0528", "DeepInfra R1-Turbo", "Novita R1-Turbo" })
        {
            Assert.Null(byProvider[unpriced]["cost_to_serve_usd_per_mtok_output"]);
            Assert.Null(byProvider[unpriced]["margin"]);
            Assert.Contains("no cost to serve", byProvider[unpriced]["note"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cli_WithoutLoad_ExitsWith2_NamingLoad()
    {
        var (code, output, error) = CliHarness.Run("offers", Path.Combine(RepoRoot(), "data", "offers-deepseek-r1.csv"), "--hardware", "h200");
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd('\n', '\r').Split('\n'));
        Assert.Contains("--load is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_DrawsTheOffersThatCanBePlaced_DominatedOnesApart()
    {
        var offers = new[] { Offer("cheap", output: 2, ttft: 3), Offer("dear", output: 4, ttft: 3), Offer("no ttft", ttft: null) };
        var assessed = offers.Select((o, i) => new OfferAssessment { Offer = o, DominatedBy = OfferDominance.DominatedBy(offers)[i].Select(j => offers[j].Provider).ToList() }).ToList();
        var chart = TokenKernels.Cli.Commands.OffersCommand.Chart(assessed);

        // "cheap" dominates "dear" (same TTFT, speed, context; output $2 < $4); "no ttft" cannot be placed and is counted.
        var best = Assert.Single(chart.Series, s => s.Name == "not dominated");
        var point = Assert.Single(best.Points);
        Assert.Equal((3.0, 2.0, 64_000.0), (point.X, point.Y, point.Size));
        var dominated = Assert.Single(chart.Series, s => s.Name.StartsWith("dominated", StringComparison.Ordinal));
        Assert.Equal((3.0, 4.0), (dominated.Points[0].X, dominated.Points[0].Y));
        Assert.Contains("not drawn: no ttft", chart.Subtitle, StringComparison.Ordinal);

        // Fewer than two TTFTs ("cheap" and "no ttft": one): drawn against the context window instead (x = context tokens,
        // y = output price). "no ttft" is dominated by "cheap" on the dimensions both state (output $2 < $4, the rest equal).
        Assert.Equal(["cheap"], assessed[2].DominatedBy);
        var byContext = TokenKernels.Cli.Commands.OffersCommand.Chart([assessed[0], assessed[2]]);
        Assert.Equal("Offers: price against context window", byContext.Title);
        Assert.True(byContext.X.Log);
        Assert.True(byContext.Y.Log);
        Assert.Equal([(64_000.0, 2.0)], byContext.Series.Single(s => s.Name == "not dominated").Points.Select(p => (p.X, p.Y)));
        Assert.Equal([(64_000.0, 4.0)], byContext.Series.Single(s => s.Name.StartsWith("dominated", StringComparison.Ordinal)).Points.Select(p => (p.X, p.Y)));

        // Nothing placeable (no output price, no context): a named error for --plot, not an empty picture.
        var bare = new OfferAssessment { Offer = new ProviderOffer { Provider = "bare", Model = "deepseek-r1", TokSUser = 20 }, DominatedBy = [] };
        Assert.Equal("--plot", Assert.Throws<ArgumentException>(() => TokenKernels.Cli.Commands.OffersCommand.Chart([bare])).ParamName);
    }

    [Fact]
    public void Chart_DrawsADominanceOnlyByAnOfferOnTheChart()
    {
        // "prices" states no TTFT, so it is not drawn; on the prices both state it beats "a" ($1 < $4 output), but the
        // chart cannot show that, so "a" is drawn as not dominated. "b" is dominated by "a" (drawn): later TTFT, same rest.
        var offers = new[] { Offer("a"), Offer("b", ttft: 3), Offer("prices", input: 0.5, output: 1, ttft: null, speed: null, context: null) };
        var by = OfferDominance.DominatedBy(offers);
        Assert.Equal([2], by[0]);
        var assessed = offers.Select((o, i) => new OfferAssessment { Offer = o, DominatedBy = [.. by[i].Select(j => offers[j].Provider)] }).ToList();
        var chart = TokenCharts.Offers(assessed);

        Assert.Equal("Offers: price against time to first token", chart.Title);
        Assert.Equal([(2.0, 4.0)], chart.Series.Single(s => s.Name == "not dominated").Points.Select(p => (p.X, p.Y)));
        Assert.Equal([(3.0, 4.0)], chart.Series.Single(s => s.Name == "dominated").Points.Select(p => (p.X, p.Y)));
        Assert.Contains("not drawn: prices", chart.Subtitle, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedOffers_SpeedsAreTheMediansOfTheShippedRuns()
    {
        // data/README.md: ttft_s = median first-response latency, tok_s_user = median of completion tokens / (response time -
        // first-response latency), over each provider's runs in offers-deepseek-r1-speed-runs.csv, rounded to the file's
        // 0.01 s and 0.1 tok/s. Recomputed here from the runs, so an edit to either file that breaks the arithmetic fails.
        var runs = File.ReadAllLines(Path.Combine(RepoRoot(), "data", "offers-deepseek-r1-speed-runs.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => (Provider: f[1], Tokens: double.Parse(f[2], CultureInfo.InvariantCulture), Time: double.Parse(f[3], CultureInfo.InvariantCulture), Ttft: double.Parse(f[4], CultureInfo.InvariantCulture)))
            .ToList();
        var offers = OfferCsv.Load(Path.Combine(RepoRoot(), "data", "offers-deepseek-r1.csv"));
        var measured = new Dictionary<string, string>
        {
            ["DeepSeek"] = "DeepSeek", ["Together AI"] = "Together", ["Fireworks AI"] = "Fireworks", ["Azure AI Foundry"] = "Azure", ["Nebius AI Studio"] = "Nebius",
        };
        Assert.Equal(measured.Keys.Order(), offers.Where(o => o.Ttft is not null).Select(o => o.Provider).Order());
        foreach (var (provider, name) in measured)
        {
            var own = runs.Where(r => r.Provider == name).ToList();
            Assert.True(own.Count >= 8, $"{name}: {own.Count} runs");
            var offer = offers.Single(o => o.Provider == provider);
            Assert.Equal(Median(own.Select(r => r.Ttft)), offer.Ttft!.Value.Seconds, 0.0051);
            Assert.Equal(Median(own.Select(r => r.Tokens / (r.Time - r.Ttft))), offer.TokSUser!.Value, 0.051);
        }

        // Hand check of one: Azure's 12 first-response latencies sorted put 1.53 and 1.58 in the middle, median 1.555 s.
        Assert.Equal(1.555, Median(runs.Where(r => r.Provider == "Azure").Select(r => r.Ttft)), 1e-9);
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[(v.Count / 2) - 1] + v[v.Count / 2]) / 2;
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TokenKernels.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
