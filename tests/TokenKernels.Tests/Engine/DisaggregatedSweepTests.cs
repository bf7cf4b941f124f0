using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace TokenKernels.Tests.Engine;

/// <summary>
/// Sweeps over the serving-mode axes equal <see cref="TokenCost.Evaluate"/> point by point, and their frontier and
/// cheapest answers (the P90 TTFT at load when a load is given) equal a brute force over it, on every backend (the ILGPU CPU accelerator runs the device kernels).
/// </summary>
public abstract class DisaggregatedSweepTests(SweepEngine engine)
{
    private static readonly ServiceLevel Sla = new() { MaxTtft = Duration.FromSeconds(5), MinTokSUser = 20 };

    [Property(MaxTest = 20)]
    public Property Stream_EqualsEvaluatePointByPoint() => Prop.ForAll(DisaggregatedGrids.Arbitrary(), grid =>
    {
        var all = DisaggregatedGrids.BruteForce(grid);
        var streamed = new List<FrontierPoint>();
        var stats = engine.Stream(grid, streamed.AddRange);

        var expected = all.Where(x => x.Point.Feasible).ToList();
        Assert.Equal(all.Count, grid.Count);
        Assert.Equal(expected.Select(x => x.Index), streamed.Select(p => p.Index));
        Assert.Equal(expected.Select(x => x.Point), streamed.Select(p => p.Metrics));
        Assert.Equal(expected.Count, stats.FeasibleConfigs);
    });

    [Property(MaxTest = 20)]
    public Property Frontier_EqualsBruteForcePareto() => Prop.ForAll(DisaggregatedGrids.Arbitrary(), grid =>
    {
        var all = DisaggregatedGrids.BruteForce(grid);
        var result = engine.Frontier(grid);

        Assert.Equal(RandomGrids.BruteFrontier(all), result.Value.Select(p => p.Index).ToList());
        foreach (var p in result.Value)
        {
            Assert.Equal(all[(int)p.Index].Group, p.Group);
            Assert.Equal(all[(int)p.Index].Point, p.Metrics);
        }
    });

    [Property(MaxTest = 20)]
    public Property Cheapest_EqualsBruteForceArgmin() => Prop.ForAll(DisaggregatedGrids.Arbitrary(), grid =>
    {
        var expected = DisaggregatedGrids.BruteForce(grid)
            .Where(x => x.Point.Feasible && (x.Point.TtftP90AtLoad ?? x.Point.Ttft).Seconds <= 5 && x.Point.TokSUser >= 20)
            .OrderBy(x => x.Point.UsdPerMtokTotal!.Value.Dollars).ThenBy(x => x.Index)
            .Select(x => (long?)x.Index).FirstOrDefault();

        Assert.Equal(expected, engine.Cheapest(grid, Sla).Value?.Index);
    });

    [Fact]
    public void Configuration_CarriesThePools()
    {
        var grid = DisaggregatedGrids.Arbitrary().Generator.Sample(1, 1).First() with
        {
            Gpus = [16], Disaggregated = [false, true], PrefillGpus = [4], DecodeGpus = [12], DecodeInstances = [1, 3],
            Tp = [0], Ep = [1], Batch = [8], PrefillTp = [0], PrefillEp = [0],
        };

        // Pools: colocated 16, then 4 + 12 as one instance, then as three.
        Assert.Equal(3, grid.Count);
        Assert.Equal((16, false, 0, 0, 16), Of(grid.At(0)));
        Assert.Equal((16, true, 4, 12, 12), Of(grid.At(1)));
        Assert.Equal((16, true, 4, 12, 4), Of(grid.At(2)));
        Assert.Equal(4, grid.At(2).ResolvedTp);

        static (int, bool, int, int, int) Of(SweepConfiguration c) => (c.Gpus, c.Disaggregated, c.PrefillGpus, c.DecodeGpus, c.InstanceGpus);
    }
}

public sealed class ScalarDisaggregatedSweepTests(ScalarEngine f) : DisaggregatedSweepTests(f.Engine), IClassFixture<ScalarEngine>;

public sealed class CpuDisaggregatedSweepTests(CpuEngine f) : DisaggregatedSweepTests(f.Engine), IClassFixture<CpuEngine>;

public sealed class IlgpuCpuDisaggregatedSweepTests(IlgpuCpuEngine f) : DisaggregatedSweepTests(f.Engine), IClassFixture<IlgpuCpuEngine>;

/// <summary>The prefill pool's layout (<see cref="Deployment.PrefillTp"/>, <see cref="Deployment.PrefillEp"/>): 0 is the default rule, and an explicit one is used.</summary>
public sealed class PrefillLayoutTests
{
    private static ServingPoint Evaluate(int prefillTp, int prefillEp, int tp = 2) => TokenCost.Evaluate(
        Support.Synthetic.Gpu(), Support.Synthetic.Moe(),
        new Deployment { Gpus = 8, Tp = tp, Dp = 4 / tp, Ep = 4, Batch = 16, Disaggregated = true, PrefillGpus = 4, DecodeGpus = 4, PrefillTp = prefillTp, PrefillEp = prefillEp },
        new Workload { InputTokens = 4000, OutputTokens = 200 }, EfficiencyProfile.Priors);

    [Fact]
    public void Zero_IsTheDefaultRule()
    {
        // Default: tp as in decode (2 divides the 4-GPU pool and the 10 query heads), ep = min(4 GPUs, 8 experts) = 4.
        Assert.Equal(Evaluate(2, 4), Evaluate(0, 0));

        // Decode tp 4 also divides the pool but not the 10 heads: the default falls back to tp 1.
        Assert.Equal(Evaluate(1, 4, tp: 4), Evaluate(0, 0, tp: 4));
    }

    [Fact]
    public void ExplicitLayout_ChangesThePrefillPool()
    {
        // A lone prompt runs on one dp rank: tp 2 splits its attention over two GPUs, tp 1 does not.
        var tp1 = Evaluate(1, 4);
        var tp2 = Evaluate(2, 4);
        Assert.True(tp2.PrefillPerRequest.Seconds < tp1.PrefillPerRequest.Seconds, $"{tp2.PrefillPerRequest} vs {tp1.PrefillPerRequest}");

        // 3 does not divide the 4-GPU pool: the prefill pool cannot be laid out.
        Assert.Equal(InfeasibleReason.PrefillPoolTooSmall, Evaluate(3, 4).Reason);
    }
}
