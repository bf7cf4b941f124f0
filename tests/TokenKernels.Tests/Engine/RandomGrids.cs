using FsCheck;
using FsCheck.Fluent;
using TokenKernels.Tests.Support;

namespace TokenKernels.Tests.Engine;

/// <summary>
/// Small random grids over synthetic specs (0 to a few thousand points, many sizes that are not a multiple of any launch
/// or range size; dp, pp, every weight and KV-cache precision, sliding-window and FP4-native models, GPUs with and without FP4,
/// eager decode and balanced attention DP) and
/// grids of exactly the <see cref="EdgeSizes"/>, with a brute-force evaluation through the public single-point API
/// <see cref="TokenCost.Evaluate"/>. <c>RandomGridCornerTests</c> checks that the generator reaches each corner.
/// </summary>
internal static class RandomGrids
{
    private static readonly int[] GpuChoices = [1, 2, 4];
    private static readonly int[] TpChoices = [0, 1, 2];
    private static readonly double[] MemoryChoices = [2e9, 20e9, 200e9];
    private static readonly Precision[] WeightChoices = [Precision.Bf16, Precision.Fp8, Precision.Fp4];

    /// <summary>
    /// Grid sizes at the edges of how the engine splits work: empty, one point, around a warp (32) and a group (256), the
    /// first launch of the ILGPU CPU accelerator and the managed chunk of one range (4096); each one below, at and above
    /// its boundary. The managed runner's 32768-point chunk of every core's ranges is not covered: brute force at that
    /// size costs seconds per backend on a busy 2-core machine.
    /// </summary>
    public static readonly int[] EdgeSizes = [0, 1, 2, 31, 32, 33, 255, 256, 257, 4095, 4096, 4097];

    /// <summary>Random grids, one in six of them an <see cref="Edge"/> grid of one of the <see cref="EdgeSizes"/> up to 4097.</summary>
    public static Arbitrary<SweepGrid> Arbitrary() =>
        Gen.Frequency((5, Random().Where(g => g.Count <= MaxRandomSize)), (1, Gen.Elements(EdgeSizes.Where(n => n <= MaxRandomSize).ToArray()).Select(Edge))).ToArbitrary();

    /// <summary>Random grids stay under this size so the brute force keeps the suite fast (the edge grids go beyond it).</summary>
    private const long MaxRandomSize = 4097;

    /// <summary>A grid of exactly <paramref name="size"/> points: one of everything, batch 1..size.</summary>
    public static SweepGrid Edge(int size) => new()
    {
        Hardware = [Synthetic.Gpu(memoryBytes: 200e9) with { Id = "edge" }],
        Models = [Synthetic.Dense()],
        Gpus = [1],
        Batch = Enumerable.Range(1, size).ToList(),
        InputTokens = [100],
        OutputTokens = [100],
        Profile = EfficiencyProfile.Priors,
    };

    private static Gen<SweepGrid> Random() =>
        from memories in SubsetOf(MemoryChoices)
        from fp4 in Gen.Elements(false, true)
        from models in Gen.Choose(1, 31)
        from gpus in SubsetOf(GpuChoices)
        from tp in SubsetOf(TpChoices)
        from ep in Gen.Elements<int[]>([1], [1, 2])
        from dp in Gen.Elements<int[]>([0], [0], [1, 2])
        from pp in Gen.Elements<int[]>([1], [1], [1, 2])
        from weights in SubsetOf(WeightChoices)
        from batches in Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 700), n))
        from isl in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 30_000), n))
        from osl in Gen.Choose(1, 2).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 4_000), n))
        from mtp in Gen.Elements<double[]>([1.0], [1.0, 1.7])
        from kv in Gen.Elements<Precision[]>([Precision.Bf16], [Precision.Bf16, Precision.Fp8], [Precision.Fp8, Precision.Fp4])
        from keepApart in Gen.Elements<SweepAxis[]>([], [SweepAxis.InputTokens], [SweepAxis.Tp, SweepAxis.Batch])
        from cudaGraphs in Gen.Elements(true, true, false)
        from adpBalance in Gen.Elements(false, false, true)
        select new SweepGrid
        {
            Hardware = memories.Select((m, i) => Synthetic.Gpu(memoryBytes: m) with { Id = $"gpu{i}", Fp4Flops = fp4 ? new FlopRate(4e15) : null }).ToList(),
            Models = Models(models),
            Gpus = gpus,
            Tp = tp,
            Ep = ep,
            Dp = dp,
            Pp = pp,
            Weights = weights,
            KvCache = kv,
            Batch = batches.Distinct().ToList(),
            InputTokens = isl.Distinct().ToList(),
            OutputTokens = osl.Distinct().ToList(),
            MtpAcceptance = mtp,
            KeepApart = keepApart,
            CudaGraphs = cudaGraphs,
            AttentionDpBalance = adpBalance,
            Profile = EfficiencyProfile.Priors,
        };

    /// <summary>Every index with its brute-force result and frontier group, computed without the engine's decoder.</summary>
    public static List<(long Index, int Group, ServingPoint Point)> BruteForce(SweepGrid g)
    {
        var all = new List<(long, int, ServingPoint)>();
        long index = 0;
        for (int m = 0; m < g.Models.Count; m++)
        for (int h = 0; h < g.Hardware.Count; h++)
        foreach (int gpus in g.Gpus)
        for (int tpi = 0; tpi < g.Tp.Count; tpi++)
        foreach (int ep in g.Ep)
        foreach (int dpListed in g.Dp)
        foreach (int pp in g.Pp)
        foreach (var w in g.Weights)
        foreach (var kv in g.KvCache)
        foreach (double a in g.MtpAcceptance)
        foreach (int osl in g.OutputTokens)
        for (int ii = 0; ii < g.InputTokens.Count; ii++)
        for (int bi = 0; bi < g.Batch.Count; bi++)
        {
            // tp 0 = the rest of the GPUs; dp 0 = the rest (1 when tp is also the rest).
            int tpListed = g.Tp[tpi];
            int dp = dpListed > 0 ? dpListed : tpListed > 0 ? Math.Max(1, gpus / (tpListed * pp)) : 1;
            int tp = tpListed > 0 ? tpListed : Math.Max(1, gpus / (dp * pp));
            var d = new Deployment
            {
                Gpus = gpus, Tp = tp, Ep = ep, Dp = dp, Pp = pp, Weights = w, KvCache = kv, Batch = g.Batch[bi],
                MtpDraftTokens = (int)Math.Ceiling(a - 1), MtpAcceptanceLength = a,
                CudaGraphs = g.CudaGraphs, AttentionDpBalance = g.AttentionDpBalance,
            };
            var p = TokenCost.Evaluate(g.Hardware[h], g.Models[m], d, new Workload { InputTokens = g.InputTokens[ii], OutputTokens = osl }, g.Profile);
            int group = (m * g.Hardware.Count) + h;
            foreach (var axis in g.KeepApart)
            {
                group = axis switch
                {
                    SweepAxis.InputTokens => (group * g.InputTokens.Count) + ii,
                    SweepAxis.Tp => (group * g.Tp.Count) + tpi,
                    SweepAxis.Batch => (group * g.Batch.Count) + bi,
                    _ => throw new NotSupportedException(axis.ToString()),
                };
            }

            all.Add((index++, group, p));
        }

        return all;
    }

    /// <summary>O(n^2) Pareto per group, both maximized; of exact duplicates the lowest index; sorted by group, then tok/s/user.</summary>
    public static List<long> BruteFrontier(List<(long Index, int Group, ServingPoint Point)> all)
    {
        var feasible = all.Where(x => x.Point.Feasible).ToList();
        return feasible
            .Where(p => !feasible.Any(q => q.Group == p.Group && q.Index != p.Index && Dominates(q, p)))
            .OrderBy(p => p.Group).ThenBy(p => p.Point.TokSUser)
            .Select(p => p.Index).ToList();

        static bool Dominates((long Index, int Group, ServingPoint Point) q, (long Index, int Group, ServingPoint Point) p)
        {
            double uq = q.Point.TokSUser, tq = q.Point.OutputTokSGpu, up = p.Point.TokSUser, tp = p.Point.OutputTokSGpu;
            bool atLeast = uq >= up && tq >= tp;
            bool better = uq > up || tq > tp;
            return atLeast && (better || q.Index < p.Index);
        }
    }

    private static List<ModelSpec> Models(int mask)
    {
        var all = new[]
        {
            Synthetic.Dense(), Synthetic.Moe(), Synthetic.Mla(),
            Synthetic.Dense() with { Id = "sliding", Attention = Synthetic.Dense().Attention with { SlidingWindowLayers = 5, SlidingWindow = 128 } },
            Synthetic.Moe() with { Id = "moe-fp4", NativeWeights = Precision.Fp4 },
        };
        return all.Where((_, i) => (mask & (1 << i)) != 0).ToList();
    }

    private static Gen<T[]> SubsetOf<T>(T[] values) =>
        Gen.Choose(1, (1 << values.Length) - 1).Select(mask => values.Where((_, i) => (mask & (1 << i)) != 0).ToArray());
}
