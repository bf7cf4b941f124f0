using FsCheck;
using FsCheck.Fluent;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Engine;

/// <summary>
/// Every reduction of every backend equals a brute-force computation over <see cref="TokenCost.Evaluate"/> on random
/// grids. Written once, instantiated per backend (the ILGPU pattern); the ILGPU CPU accelerator runs the device kernels,
/// and the CUDA and OpenCL classes run them on a GPU where one exists (skipped, with the reason, where none does).
/// Tie rule (Tolerance): equal values go to the lower index. Indices and metrics compare exactly on every backend
/// because a device only filters candidates, with <c>ReductionMath.DeviceSlack</c>, and the host recomputes them; the
/// device's own values are checked against the scalar path under Tolerance.Backend in <see cref="DeviceValueTests"/>.
/// </summary>
public abstract class ReductionEquivalenceTests(EngineFixture fixture)
{
    private static readonly ServiceLevel Sla = new() { MaxTtft = Duration.FromSeconds(5), MinTokSUser = 20, MinContext = 4000 };

    protected SweepEngine Engine => fixture.Engine;

    [DeviceProperty(MaxTest = 25)]
    public Property Frontier_EqualsBruteForcePareto() => Prop.ForAll(RandomGrids.Arbitrary(), grid =>
    {
        var all = RandomGrids.BruteForce(grid);
        var result = Engine.Frontier(grid);

        Assert.Equal(RandomGrids.BruteFrontier(all), result.Value.Select(p => p.Index).ToList());
        foreach (var p in result.Value)
        {
            Assert.Equal(all[(int)p.Index].Group, p.Group);
            Assert.Equal(all[(int)p.Index].Point, p.Metrics);
        }

        Assert.Equal(all.Count, result.Stats.ConfigsEvaluated);
        Assert.Equal(all.Count(x => x.Point.Feasible), result.Stats.FeasibleConfigs);
    });

    [DeviceProperty(MaxTest = 25)]
    public Property Cheapest_EqualsBruteForceArgmin() => Prop.ForAll(RandomGrids.Arbitrary(), grid =>
    {
        var expected = RandomGrids.BruteForce(grid)
            .Where(x => x.Point.Feasible && x.Point.Ttft.Seconds <= 5 && x.Point.TokSUser >= 20 && x.Point.MaxContext >= 4000)
            .OrderBy(x => x.Point.UsdPerMtokTotal!.Value.Dollars).ThenBy(x => x.Index)
            .Select(x => (long?)x.Index).FirstOrDefault();

        Assert.Equal(expected, Engine.Cheapest(grid, Sla).Value?.Index);
    });

    [DeviceProperty(MaxTest = 20)]
    public Property TopK_EqualsBruteForceSort() => Prop.ForAll(RandomGrids.Arbitrary(), Gen.Choose(0, 40).ToArbitrary(), (grid, k) =>
    {
        var all = RandomGrids.BruteForce(grid).Where(x => x.Point.Feasible).ToList();
        var byThroughput = all.OrderByDescending(x => x.Point.OutputTokSGpu).ThenBy(x => x.Index).Take(k).Select(x => x.Index);
        var byTtft = all.OrderBy(x => x.Point.Ttft.Seconds).ThenBy(x => x.Index).Take(k).Select(x => x.Index);

        Assert.Equal(byThroughput, Engine.TopK(grid, SweepMetric.OutputTokSGpu, k).Value.Select(p => p.Index));
        Assert.Equal(byTtft, Engine.TopK(grid, SweepMetric.TtftSeconds, k).Value.Select(p => p.Index));
    });

    [DeviceProperty(MaxTest = 15)]
    public Property Stream_YieldsEveryFeasiblePointInOrder() => Prop.ForAll(RandomGrids.Arbitrary(), grid =>
    {
        var expected = RandomGrids.BruteForce(grid).Where(x => x.Point.Feasible).ToList();
        var streamed = new List<FrontierPoint>();
        var stats = Engine.Stream(grid, streamed.AddRange);

        Assert.Equal(expected.Select(x => x.Index), streamed.Select(p => p.Index));
        Assert.Equal(expected.Select(x => x.Point), streamed.Select(p => p.Metrics));
        Assert.Equal(expected.Count, stats.FeasibleConfigs);
    });


    /// <summary>
    /// A stream hands over at most <see cref="SweepEngine.StreamSlice"/> points a call, and none after its token is
    /// cancelled: a caller writing a CSV must not be given millions of points that it writes out after a Ctrl-C.
    /// </summary>
    [DeviceFact]
    public void Stream_HandsOverSlices_AndNoMoreOnceCancelled()
    {
        var grid = RandomGrids.Edge((3 * SweepEngine.StreamSlice) + 5);
        var sizes = new List<int>();
        var stats = Engine.Stream(grid, points => sizes.Add(points.Count));
        Assert.True(stats.FeasibleConfigs > 2 * SweepEngine.StreamSlice, $"only {stats.FeasibleConfigs} feasible points: the grid does not test slicing");
        Assert.Equal(stats.FeasibleConfigs, sizes.Sum());
        Assert.All(sizes, n => Assert.InRange(n, 1, SweepEngine.StreamSlice));

        using var cts = new CancellationTokenSource();
        int calls = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => Engine.Stream(grid, _ =>
        {
            calls++;
            cts.Cancel();
        }, null, cts.Token));
        Assert.Equal(1, calls);
    }

    /// <summary>Grids of exactly 0, 1, a warp, a group, a launch and a chunk of points, and one either side of each.</summary>
    [DeviceFact]
    public void EdgeSizes_EveryReductionMatchesBruteForce()
    {
        foreach (int n in RandomGrids.EdgeSizes)
        {
            var grid = RandomGrids.Edge(n);
            var all = RandomGrids.BruteForce(grid);
            var frontier = Engine.Frontier(grid);
            Assert.Equal(RandomGrids.BruteFrontier(all), frontier.Value.Select(p => p.Index).ToList());
            Assert.Equal(all.Count(x => x.Point.Feasible), frontier.Stats.FeasibleConfigs);

            var feasible = all.Where(x => x.Point.Feasible).ToList();
            var top = feasible.OrderByDescending(x => x.Point.OutputTokSGpu).ThenBy(x => x.Index).Take(7).Select(x => x.Index);
            Assert.Equal(top, Engine.TopK(grid, SweepMetric.OutputTokSGpu, 7).Value.Select(p => p.Index));

            var cheapest = feasible.Where(x => x.Point.Ttft.Seconds <= 5 && x.Point.TokSUser >= 20 && x.Point.MaxContext >= 4000)
                .OrderBy(x => x.Point.UsdPerMtokTotal!.Value.Dollars).ThenBy(x => x.Index).Select(x => (long?)x.Index).FirstOrDefault();
            Assert.Equal(cheapest, Engine.Cheapest(grid, Sla).Value?.Index);

            var streamed = new List<long>();
            Engine.Stream(grid, points => streamed.AddRange(points.Select(p => p.Index)));
            Assert.Equal(feasible.Select(x => x.Index), streamed);
        }
    }
}

public sealed class ScalarReductionTests(ScalarEngine f) : ReductionEquivalenceTests(f), IClassFixture<ScalarEngine>;

public sealed class CpuReductionTests(CpuEngine f) : ReductionEquivalenceTests(f), IClassFixture<CpuEngine>;

public sealed class IlgpuCpuReductionTests(IlgpuCpuEngine f) : ReductionEquivalenceTests(f), IClassFixture<IlgpuCpuEngine>;

[RequiresDevice(SweepBackend.Cuda)]
public sealed class CudaReductionTests(CudaEngine f) : ReductionEquivalenceTests(f), IClassFixture<CudaEngine>;

[RequiresDevice(SweepBackend.OpenCl)]
public sealed class OpenClReductionTests(OpenClEngine f) : ReductionEquivalenceTests(f), IClassFixture<OpenClEngine>;
