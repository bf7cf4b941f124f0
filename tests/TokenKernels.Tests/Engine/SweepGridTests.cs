using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Engine;

public class SweepGridTests
{
    private static SweepGrid Grid() => new()
    {
        Hardware = [Synthetic.Gpu(), Synthetic.Gpu(memoryBytes: 50e9) with { Id = "small" }],
        Models = [Synthetic.Dense()],
        Gpus = [1, 2],
        Tp = [0, 1],
        Batch = [1, 2, 3],
        InputTokens = [100, 200],
        OutputTokens = [50],
        Profile = EfficiencyProfile.Priors,
    };

    [Fact]
    public void Count_IsTheProductOfAxisLengths() =>
        // 1 model x 2 hardware x 2 gpus x 2 tp x 1 ep x 1 dp x 1 pp x 1 x 1 x 1 mtp x 1 osl x 2 isl x 3 batch = 48.
        Assert.Equal(48, Grid().Count);

    [Fact]
    public void At_DecodesMixedRadixWithBatchFastest()
    {
        var g = Grid();

        // Index 47 is the last: every digit at its maximum.
        var last = g.At(47);
        Assert.Equal(("small", 2, 1, 200, 3), (last.Hardware, last.Gpus, last.Tp, last.InputTokens, last.Batch));

        // Index 1 moves batch only; index 3 carries into isl; 6 x 2 (tp) x 2 (gpus) = 24 moves to the second hardware.
        Assert.Equal(2, g.At(1).Batch);
        Assert.Equal((1, 200), (g.At(3).Batch, g.At(3).InputTokens));
        Assert.Equal(("small", 1, 0), (g.At(24).Hardware, g.At(24).Gpus, g.At(24).Tp));
    }

    [Fact]
    public void At_RejectsIndicesOutsideTheGrid()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Grid().At(48));
        Assert.Throws<ArgumentOutOfRangeException>(() => Grid().At(-1));
    }

    [Fact]
    public void Count_OfAGridWithAnEmptyAxisIsZero_AndSweepsReturnNothing()
    {
        var g = Grid() with { Batch = [] };
        using var engine = new SweepEngine(SweepBackend.Cpu);

        var r = engine.Frontier(g);

        Assert.Equal(0, g.Count);
        Assert.Empty(r.Value);
        Assert.Equal(0, r.Stats.FeasibleConfigs);
    }

    [Theory]
    [InlineData("Gpus")]
    [InlineData("Batch")]
    [InlineData("InputTokens")]
    [InlineData("Ep")]
    public void Sweep_RejectsOutOfRangeAxisValuesNamingTheAxis(string axis)
    {
        var g = axis switch
        {
            "Gpus" => Grid() with { Gpus = [0] },
            "Batch" => Grid() with { Batch = [1, -2] },
            "InputTokens" => Grid() with { InputTokens = [0] },
            _ => Grid() with { Ep = [0] },
        };
        using var engine = new SweepEngine(SweepBackend.Scalar);

        var e = Assert.Throws<ArgumentException>(() => engine.Frontier(g));
        Assert.Equal(axis, e.ParamName);
    }

    [Fact]
    public void Count_BeyondInt64_IsAnArgumentError()
    {
        // (2^22)^3 x 8 = 2^69 configurations.
        var big = Enumerable.Range(1, 1 << 22).ToList();
        var g = Grid() with { Batch = big, InputTokens = big, OutputTokens = big };

        Assert.Throws<ArgumentException>(() => g.Count);
    }

    [Fact]
    public void Cheapest_RequiresPrices()
    {
        var g = Grid() with { Hardware = [Synthetic.Gpu() with { GpuHourPrice = null }] };
        using var engine = new SweepEngine(SweepBackend.Scalar);
        var sla = new ServiceLevel { MaxTtft = Duration.FromSeconds(1), MinTokSUser = 1 };

        Assert.Throws<ArgumentException>(() => engine.Cheapest(g, sla));
    }
}
