using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace TokenKernels.Tests.Engine;

/// <summary>The engine's grid generator really reaches the corners the equivalence tests are meant to cover.</summary>
public sealed class RandomGridCornerTests
{
    [Fact]
    public void RandomGrids_ReachEveryCorner()
    {
        // What 25 property runs of one backend see, several times over, from a fixed seed.
        var grids = RandomGrids.Arbitrary().Generator.Sample(300, new Rnd(7UL, 0x9E3779B97F4A7C15UL), 50);

        Assert.Contains(grids, g => g.Count == 0);
        Assert.Contains(grids, g => g.Count == 1);
        Assert.Contains(grids, g => g.Count > 4096);                    // more than one launch on the ILGPU CPU accelerator
        Assert.Contains(grids, g => g.Count > 1 && g.Count % 32 != 0);  // a partial warp
        Assert.Contains(grids, g => g.Dp.Any(d => d > 1));
        Assert.Contains(grids, g => g.Pp.Any(p => p > 1));
        Assert.Contains(grids, g => g.Weights.Contains(Precision.Fp4) && g.Hardware.Any(h => h.Fp4Flops is null));
        Assert.Contains(grids, g => g.Weights.Contains(Precision.Fp4) && g.Hardware.Any(h => h.Fp4Flops is not null));
        Assert.Contains(grids, g => g.Models.Any(m => m.Attention.SlidingWindowLayers > 0));
        Assert.Contains(grids, g => g.KvCache.Contains(Precision.Fp4));
        Assert.Contains(grids, g => g.Models.Any(m => m.NativeWeights == Precision.Fp4));
        Assert.Contains(grids, g => !g.CudaGraphs && g.Count > 1);
        Assert.Contains(grids, g => g.AttentionDpBalance && g.Dp.Any(d => d > 1) && g.Models.Any(m => m.Moe is not null)); // where balance acts

        // Grids of only a sliding-window or FP4 model, or only dp/pp 2, still have feasible points (not only infeasible ones).
        Assert.Contains(grids.Where(g => g.Count is > 0 and < 4100 && g.Models.All(m => m.Attention.SlidingWindowLayers > 0)), g => RandomGrids.BruteForce(g).Any(x => x.Point.Feasible));
        Assert.Contains(grids.Where(g => g.Count is > 0 and < 4100 && g.Models.All(m => m.NativeWeights == Precision.Fp4)), g => RandomGrids.BruteForce(g).Any(x => x.Point.Feasible));
        Assert.Contains(grids.Where(g => g.Count is > 0 and < 4100 && g.Pp.All(p => p == 2 || p == 1) && g.Pp.Contains(2)), g => RandomGrids.BruteForce(g).Any(x => x.Point.Feasible));
    }

    [Fact]
    public void EdgeGrids_HaveExactlyTheirSize()
    {
        foreach (int n in RandomGrids.EdgeSizes)
        {
            Assert.Equal(n, RandomGrids.Edge(n).Count);
        }
    }
}
