using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TokenKernels.Packing;
using TokenKernels.Physics;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Engine;

/// <summary>
/// Sweeps over a length mix with the context window as a cap (<see cref="SweepGrid.Lengths"/>): the reservation rule
/// (min(longest, 2 x mean context in decode) tokens per sequence), its limits (a capped fixed mix is the isl/osl grid; a
/// mix of requests as long as the cap reserves the cap, today's rule), max batch growing as the mix shortens, and an
/// offered rate (<see cref="SweepGrid.Rate"/>) as the alternative to a load.
/// </summary>
public sealed class LengthMixTests
{
    private static readonly ModelSpec Model = Synthetic.Dense();

    private static SweepGrid Grid(LengthDistribution? lengths, int isl = 0, int osl = 0) => new()
    {
        Hardware = [Synthetic.Gpu()],
        Models = [Model],
        Gpus = [1, 2],
        Tp = [0, 1],
        Batch = [1, 7, 64, 300, 2000],
        InputTokens = lengths is null ? [isl] : [],
        OutputTokens = lengths is null ? [osl] : [],
        Lengths = lengths,
        Profile = EfficiencyProfile.Priors,
    };

    private static List<ServingPoint> Evaluate(SweepGrid grid)
    {
        var compiled = grid.Compile();
        return [.. Enumerable.Range(0, (int)grid.Count).Select(i => ServingPoint.From(compiled.Evaluate(i, out _)))];
    }

    [Fact]
    public void MeanContextInFlight_WeightsEachRequestByItsDecodeSteps()
    {
        // 1000:1000 @3 and 100:3900 @1. A request holds a decode slot for out steps at mean context in + out / 2:
        // (3 x 1000 x 1500 + 1 x 3900 x 2050) / (3 x 1000 + 1 x 3900) = (4,500,000 + 7,995,000) / 6900 = 1810.8696.
        var mix = LengthDistribution.Parse("1000:1000@3,100:3900@1").WithContextCap(4000);
        Assert.Equal(12_495_000 / 6900.0, mix.MeanContextInFlight, 9);

        // Reserved: min(longest 4000, 2 x 1810.8696 = 3621.739) = 3621.739 tokens.
        var d = new PackedDeployment
        {
            InputTokens = mix.MeanInputTokens, OutputTokens = mix.MeanOutputTokens,
            MixContextTokens = mix.MeanContextInFlight, MixLongestTokens = mix.MaxContextTokens, ContextCap = 4000,
        };
        Assert.Equal(2 * 12_495_000 / 6900.0, ServingModel.ReservedContextTokens(d), 9);

        // Fixed lengths: min(in + out, 2 x (in + out / 2) = 2 in + out) = in + out, every sequence at its full context.
        Assert.Equal(1500.0, ServingModel.ReservedContextTokens(new PackedDeployment { InputTokens = 1000, OutputTokens = 500 }));
    }

    [Fact]
    public void MaxBatch_IsTheKvCapacityOverTheReservedContext()
    {
        // Dense10 on one GPU, bf16 KV: 2 KV heads x (100 + 100) x 2 B = 800 B per token-layer x 10 layers = 8000 B per
        // token, so max batch = floor(capacity / (8000 x 3621.739)).
        var mix = LengthDistribution.Parse("1000:1000@3,100:3900@1").WithContextCap(4000);
        var point = Evaluate(Grid(mix))[0];
        Assert.True(point.Feasible);
        Assert.Equal(Math.Floor(point.KvCapacityPerGpu.Bytes / (8000 * (2 * 12_495_000 / 6900.0))), point.MaxBatch);
    }

    [Fact]
    public void CappedFixedMix_EqualsTheIslOslGrid()
    {
        var mix = LengthDistribution.Fixed(3000, 900).WithContextCap(3900);
        Assert.Equal(Evaluate(Grid(null, 3000, 900)), Evaluate(Grid(mix)));
    }

    [Fact]
    public void MixOfCapLengthRequests_ReservesTheCap_TodaysRule()
    {
        // Every request is 20,000 tokens, the cap: 2 x (in + out / 2) >= in + out = cap for each, so the mean doubled is
        // at least the cap and every sequence is reserved the cap, as the reservation rule (batch x full context) does.
        var mix = LengthDistribution.Parse("19000:1000@1,5000:15000@2,1:19999@1").WithContextCap(20_000);
        var rule = Evaluate(Grid(null, 10_000, 10_000));
        var capped = Evaluate(Grid(mix));
        Assert.Equal(rule.Select(p => (p.MaxBatch, p.KvCachePerGpu, p.Reason)), capped.Select(p => (p.MaxBatch, p.KvCachePerGpu, p.Reason)));
        Assert.Contains(rule, p => p.Reason == InfeasibleReason.KvCacheExceedsMemory);
    }

    [Property(MaxTest = 40)]
    public Property MaxBatch_GrowsAsTheMixShortens() => Prop.ForAll(
        Gen.Choose(1, 4000).ToArbitrary(), Gen.Choose(1, 4000).ToArbitrary(), Gen.Elements(0.1, 0.5, 1.0, 2.0).ToArbitrary(),
        (a, b, sigma) =>
        {
            int shorter = Math.Min(a, b), longer = Math.Max(a, b);
            LengthDistribution Mix(int median) => LengthDistribution.LogNormal(median, median / 2.0 + 1, sigma).WithContextCap(32_768);
            var s = Evaluate(Grid(Mix(shorter)));
            var l = Evaluate(Grid(Mix(longer)));
            Assert.All(s.Zip(l), x => Assert.True(x.First.MaxBatch >= x.Second.MaxBatch, $"{shorter} vs {longer}: {x.First.MaxBatch} < {x.Second.MaxBatch}"));
        });

    [Fact]
    public void ShortMixUnderALongCap_HoldsMoreThanTheReservation()
    {
        // 1000:500 requests under a 32K cap reserve 1500 tokens each, not 32K: about 21x the sequences.
        var mix = LengthDistribution.Fixed(1000, 500).WithContextCap(32_768);
        var capped = Evaluate(Grid(mix))[0];
        var reserved = Evaluate(Grid(null, 32_000, 768))[0];
        Assert.True(capped.MaxBatch >= 21 * reserved.MaxBatch, $"{capped.MaxBatch} vs {reserved.MaxBatch}");
    }

    [Fact]
    public void CapLongerThanTheGpuHoldsAlone_IsInfeasible()
    {
        // dense10 on one GPU keeps 8000 B of KV per token, so a request of floor(capacity / 8000) tokens fits alone and
        // one token more does not, whatever the mix's own lengths (a cap is a promise that such a request is servable).
        var model = Model with { MaxContext = 100_000_000 };
        SweepGrid One(int cap) => Grid(LengthDistribution.Fixed(100, 100).WithContextCap(cap)) with { Models = [model], Gpus = [1], Tp = [0], Batch = [1] };
        double capacity = Evaluate(One(1000))[0].KvCapacityPerGpu.Bytes;
        int fits = (int)Math.Floor(capacity / 8000);
        Assert.True(Evaluate(One(fits))[0].Feasible);
        Assert.Equal(InfeasibleReason.KvCacheExceedsMemory, Evaluate(One(fits + 1))[0].Reason);
    }

    [Fact]
    public void Points_CarryTheMixMeansAndTruncatedShare()
    {
        var mix = LengthDistribution.LogNormal(2000, 800, 1.0).WithContextCap(8192);
        var grid = Grid(mix);
        Assert.Equal(20, grid.Count);
        Assert.Equal((int)Math.Round(mix.MeanInputTokens), grid.At(0).InputTokens);
        Assert.Equal((int)Math.Round(mix.MeanOutputTokens), grid.At(0).OutputTokens);
        Assert.InRange(mix.TruncatedShare, 0.01, 0.5);
    }

    [Fact]
    public void LengthsWithIslAxis_Or_RateWithLoad_IsRejected()
    {
        var mix = LengthDistribution.Fixed(100, 100);
        var e = Assert.Throws<ArgumentException>(() => (Grid(mix) with { InputTokens = [100] }).Compile());
        Assert.Equal(nameof(SweepGrid.Lengths), e.ParamName);
        e = Assert.Throws<ArgumentException>(() => (Grid(mix) with { Load = 0.5, Rate = 3 }).Compile());
        Assert.Equal(nameof(SweepGrid.Rate), e.ParamName);
        e = Assert.Throws<ArgumentException>(() => (Grid(mix) with { Rate = double.NaN }).Compile());
        Assert.Equal(nameof(SweepGrid.Rate), e.ParamName);
    }

    [Fact]
    public void Rate_IsLoadAtRateOverCapacity_AndSaturatesAboveIt()
    {
        var grid = Grid(LengthDistribution.Parse("2000:300@1,500:100@1").WithContextCap(4096)) with { Load = 0.6 };
        var feasible = Evaluate(grid).Index().Where(x => x.Item.Feasible && x.Item.Saturated == SaturatedPool.None).ToList();
        Assert.True(feasible.Count >= 5, $"{feasible.Count} points");
        foreach (var (index, atLoad) in feasible)
        {
            // Capacity in requests/s = output tok/s/GPU x GPUs / mean output.
            double capacity = atLoad.OutputTokSGpu * atLoad.TotalGpus / grid.Lengths!.MeanOutputTokens;
            var atRate = ServingPoint.From((grid with { Load = 0, Rate = 0.6 * capacity }).Compile().Evaluate(index, out _));
            Assert.Equal(0.6, atRate.OfferedLoad!.Value, 9);
            Assert.Equal(atLoad.TtftP90AtLoad!.Value.Seconds, atRate.TtftP90AtLoad!.Value.Seconds, 6);
            Assert.Equal(atLoad.TtftP50AtLoad!.Value.Seconds, atRate.TtftP50AtLoad!.Value.Seconds, 6);

            var over = ServingPoint.From((grid with { Load = 0, Rate = 1.01 * capacity }).Compile().Evaluate(index, out _));
            Assert.NotEqual(SaturatedPool.None, over.Saturated);
            Assert.True(double.IsPositiveInfinity(over.TtftP90AtLoad!.Value.Seconds));
        }
    }
}

/// <summary>A sweep over a length mix (with a load or a rate) streams, on every backend, what the host evaluates index by index.</summary>
public abstract class LengthMixSweepTests(SweepEngine engine)
{
    private static Arbitrary<SweepGrid> Grids() =>
        (from grid in DisaggregatedGrids.Arbitrary().Generator
         from mix in Gen.Elements(
             LengthDistribution.LogNormal(3000, 600, 1.2).WithContextCap(16_384),
             LengthDistribution.Parse("8000:200@1,300:1500@4,20000:4000@0.5"),
             LengthDistribution.Fixed(1000, 1000).WithContextCap(65_536))
         from rate in Gen.Elements(0.0, 0.5, 40.0)
         select grid with { InputTokens = [], OutputTokens = [], Lengths = mix, Rate = rate, Load = rate > 0 ? 0 : grid.Load }).ToArbitrary();

    [Property(MaxTest = 15)]
    public Property Stream_EqualsTheHostPointByPoint() => Prop.ForAll(Grids(), grid =>
    {
        var compiled = grid.Compile();
        var expected = Enumerable.Range(0, (int)grid.Count)
            .Select(i => (Index: (long)i, Point: ServingPoint.From(compiled.Evaluate(i, out _))))
            .Where(x => x.Point.Feasible).ToList();
        var streamed = new List<FrontierPoint>();
        engine.Stream(grid, streamed.AddRange);
        Assert.Equal(expected.Select(x => x.Index), streamed.Select(p => p.Index));
        Assert.Equal(expected.Select(x => x.Point), streamed.Select(p => p.Metrics));
    });
}

public sealed class ScalarLengthMixSweepTests(ScalarEngine f) : LengthMixSweepTests(f.Engine), IClassFixture<ScalarEngine>;

public sealed class CpuLengthMixSweepTests(CpuEngine f) : LengthMixSweepTests(f.Engine), IClassFixture<CpuEngine>;

public sealed class IlgpuCpuLengthMixSweepTests(IlgpuCpuEngine f) : LengthMixSweepTests(f.Engine), IClassFixture<IlgpuCpuEngine>;
