using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TokenKernels.Engine;
using TokenKernels.Physics;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Engine;

/// <summary>
/// The managed sweep's lane walk (<see cref="LaneWalker"/> on <see cref="Lane4"/> and <see cref="Lane8"/>) against the scalar walk
/// (<see cref="GridWalker"/>, <see cref="Lane1"/>): the same feasible indices, groups and results, every field equal
/// bit for bit (tolerance 0: each lane runs the scalar's IEEE operations in its order), and the same frontier through a
/// sink that rejects most lanes before their details are computed, over random grids (colocated and
/// disaggregated, with and without a load, max batch and context on or off), random sub-ranges that start and end inside
/// a batch block, batch axes of 0 to 17 values (every remainder of both lane widths) and lanes that fail their checks.
/// </summary>
public sealed class LaneWalkerTests
{
    [Fact]
    public void Lanes_AreAcceleratedHere_OrTheTestsBelowCheckNothingVectorised()
    {
        // The CPU path uses the lanes only where 256-bit vectors run in hardware; the walk below is called directly
        // (Vector256 falls back to software elsewhere and still computes per lane).
        Assert.True(Lane4.IsAccelerated || !System.Runtime.Intrinsics.X86.Avx2.IsSupported);
    }

    [Property(MaxTest = 40)]
    public Property ColocatedGrids_LaneWalkEqualsScalarWalk() =>
        Prop.ForAll(RandomGrids.Arbitrary(), Gen.Elements(0.0, 0.5, 0.97).ToArbitrary(), Gen.Elements(false, true).ToArbitrary(), (grid, load, limits) =>
            SameWalks(grid with { Load = load }, limits));

    [Property(MaxTest = 25)]
    public Property DisaggregatedGrids_LaneWalkEqualsScalarWalk() =>
        Prop.ForAll(DisaggregatedGrids.Arbitrary(), grid => SameWalks(grid, limits: true));

    /// <summary>Batch axes of every length 0..17 (each remainder of 4 and 8), ascending and not, with KV-infeasible batches among them.</summary>
    [Fact]
    public void EveryBatchCount_LaneWalkEqualsScalarWalk()
    {
        for (int n = 0; n <= 17; n++)
        {
            var ascending = Enumerable.Range(0, n).Select(i => 1 + (i * 400)).ToList();
            var grid = RandomGrids.Edge(1) with
            {
                Hardware = [Synthetic.Gpu(memoryBytes: 20e9) with { Id = "small" }],
                Batch = ascending,
                InputTokens = [100, 3000],
            };
            SameWalks(grid, limits: false);
            SameWalks(grid with { Batch = ascending.AsEnumerable().Reverse().ToList() }, limits: true);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-300)]
    [InlineData(-1.0)]
    [InlineData(709.78)]
    [InlineData(709.7827128933841)]
    [InlineData(709.79)]
    [InlineData(-708.4)]
    [InlineData(-745.13)]
    [InlineData(-745.2)]
    [InlineData(-1000.0)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public void Exp_EveryLaneEqualsTheScalar(double x)
    {
        // One lane at x, the others at values in range, so an out-of-range lane is selected away on its own.
        double[] inputs = [x, -3.5, x / 2, 0.25, 1.0, x, -x, 700.0];
        var four = KernelMath.Exp(Lane4.Load(inputs));
        var eight = KernelMath.Exp(Lane8.Load(inputs));
        for (int k = 0; k < Lane8.Width; k++)
        {
            long expected = BitConverter.DoubleToInt64Bits(KernelMath.Exp(inputs[k]));
            Assert.Equal(expected, BitConverter.DoubleToInt64Bits(Lane8.Lane(eight, k)));
            if (k < Lane4.Width)
            {
                Assert.Equal(expected, BitConverter.DoubleToInt64Bits(Lane4.Lane(four, k)));
            }
        }
    }

    private static bool SameWalks(SweepGrid grid, bool limits) =>
        SameWalks<Lane4>(grid, limits) && SameWalks<Lane8>(grid, limits);

    private static bool SameWalks<TLanes>(SweepGrid grid, bool limits)
        where TLanes : struct, IWideLanes<TLanes>
    {
        var g = grid.Compile();
        if (limits)
        {
            g.RequireMemoryLimits();
        }

        var shape = g.Shape;
        foreach (var (start, end) in Ranges(g.Count))
        {
            var scalar = new StreamSink();
            var lanes = new StreamSink();
            long scalarFeasible = GridWalker.Walk(shape, g.Tables, ref scalar, start, end);
            long laneFeasible = LaneWalker.Walk<TLanes, StreamSink>(shape, g.Tables, ref lanes, start, end);
            Assert.Equal(scalarFeasible, laneFeasible);
            Assert.Equal(scalar.Points.Count, lanes.Points.Count);
            for (int i = 0; i < scalar.Points.Count; i++)
            {
                Assert.Equal(scalar.Points[i].Index, lanes.Points[i].Index);
                Assert.Equal(scalar.Points[i].Group, lanes.Points[i].Group);
                Assert.Equal(scalar.Points[i].Result, lanes.Points[i].Result);
            }

            // A sink that rejects most lanes from two numbers, so most groups skip ServeDetails: the same frontier.
            var scalarFrontier = new FrontierSink(g.Groups);
            var laneFrontier = new FrontierSink(g.Groups);
            GridWalker.Walk(shape, g.Tables, ref scalarFrontier, start, end);
            LaneWalker.Walk<TLanes, FrontierSink>(shape, g.Tables, ref laneFrontier, start, end);
            for (int group = 0; group < g.Groups; group++)
            {
                var a = scalarFrontier.Sets[group];
                var b = laneFrontier.Sets[group];
                Assert.Equal(a?.Count ?? 0, b?.Count ?? 0);
                for (int i = 0; i < (a?.Count ?? 0); i++)
                {
                    Assert.Equal((a!.U(i), a.T(i), a.Index(i)), (b!.U(i), b.T(i), b.Index(i)));
                }
            }
        }

        return true;
    }

    /// <summary>The whole grid and two ranges cut at thirds (inside batch blocks whenever a block has 3 or more batches).</summary>
    private static IEnumerable<(long Start, long End)> Ranges(long count)
    {
        yield return (0, count);
        yield return (count / 3, (2 * count / 3) + 1 > count ? count : (2 * count / 3) + 1);
        yield return (count > 0 ? count - 1 : 0, count);
    }
}
