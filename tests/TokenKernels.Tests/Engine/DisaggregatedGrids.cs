using FsCheck;
using FsCheck.Fluent;
using TokenKernels.Tests.Support;

namespace TokenKernels.Tests.Engine;

/// <summary>
/// Small random grids over the serving-mode axes (colocated GPUs, disaggregated prefill x decode x instances, some
/// instance counts that do not divide the decode pool), with a brute force through <see cref="TokenCost.Evaluate"/>.
/// </summary>
internal static class DisaggregatedGrids
{
    private static readonly int[] PoolChoices = [1, 2, 4];

    public static Arbitrary<SweepGrid> Arbitrary() =>
        (from memory in Gen.Elements(2e9, 20e9, 200e9)
         from model in Gen.Elements(Synthetic.Dense(), Synthetic.Moe(), Synthetic.Mla())
         from modes in Gen.Elements<bool[]>([true], [false, true], [true, false])
         from gpus in SubsetOf(PoolChoices)
         from prefill in SubsetOf(PoolChoices)
         from decode in SubsetOf(PoolChoices)
         from instances in Gen.Elements<int[]>([1], [1, 2], [2, 3])
         from prefillTp in Gen.Elements<int[]>([0], [0, 1], [2, 3])
         from prefillEp in Gen.Elements<int[]>([0], [1, 2], [0, 4, 16])
         from tp in Gen.Elements<int[]>([0], [0, 1], [1, 2])
         from ep in Gen.Elements<int[]>([1], [1, 2])
         from batches in Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 700), n))
         from isl in Gen.Choose(1, 30_000)
         from osl in Gen.Choose(1, 4_000)
         from load in Gen.Elements(0.0, 0.5, 0.95)
         from keepApart in Gen.Elements<SweepAxis[]>([], [SweepAxis.Disaggregated], [SweepAxis.Gpus])
         select new SweepGrid
         {
             Hardware = [Synthetic.Gpu(memoryBytes: memory)],
             Models = [model],
             Gpus = gpus,
             Disaggregated = modes,
             PrefillGpus = prefill,
             DecodeGpus = decode,
             DecodeInstances = instances,
             PrefillTp = prefillTp,
             PrefillEp = prefillEp,
             Tp = tp,
             Ep = ep,
             Batch = batches.Distinct().ToList(),
             InputTokens = [isl],
             OutputTokens = [osl],
             Load = load,
             KeepApart = keepApart,
             Profile = EfficiencyProfile.Priors,
         }).ToArbitrary();

    /// <summary>
    /// Every index with its brute-force result and group: pools colocated first (each gpus value), then prefill x decode x
    /// instances, as <see cref="SweepGrid"/> documents; tp and dp resolved on the decode instance. Instances that do not
    /// divide the decode pool are a layout mismatch (<see cref="TokenCost.Evaluate"/> rejects them as input).
    /// </summary>
    public static List<(long Index, int Group, ServingPoint Point)> BruteForce(SweepGrid g)
    {
        var pools = new List<(bool Dis, int Gpus, int Prefill, int Decode, int Instances, int PrefillTp, int PrefillEp)>();
        foreach (bool mode in g.Disaggregated.Distinct().Order())
        {
            if (!mode)
            {
                pools.AddRange(g.Gpus.Select(n => (false, n, 0, 0, 1, 0, 0)));
            }
            else
            {
                foreach (int p in g.PrefillGpus)
                foreach (int d in g.DecodeGpus)
                foreach (int n in g.DecodeInstances)
                foreach (int ptp in g.PrefillTp)
                foreach (int pep in g.PrefillEp)
                {
                    pools.Add((true, p + d, p, d, n, ptp, pep));
                }
            }
        }

        bool bothModes = pools.Any(p => p.Dis) && pools.Any(p => !p.Dis);
        var all = new List<(long, int, ServingPoint)>();
        long index = 0;
        for (int pi = 0; pi < pools.Count; pi++)
        foreach (int tpListed in g.Tp)
        foreach (int ep in g.Ep)
        foreach (int batch in g.Batch)
        {
            var pool = pools[pi];
            int group = g.KeepApart.Contains(SweepAxis.Gpus) ? pi
                : g.KeepApart.Contains(SweepAxis.Disaggregated) && bothModes ? (pool.Dis ? 1 : 0)
                : 0;
            if (pool.Dis && pool.Decode % pool.Instances != 0)
            {
                all.Add((index++, group, new ServingPoint { Reason = InfeasibleReason.LayoutMismatch }));
                continue;
            }

            int instance = pool.Dis ? pool.Decode / pool.Instances : pool.Gpus;
            int dp = tpListed > 0 ? Math.Max(1, instance / tpListed) : 1;
            int tp = tpListed > 0 ? tpListed : instance;
            var d = new Deployment
            {
                Gpus = pool.Gpus, Tp = tp, Ep = ep, Dp = dp, Batch = batch, Disaggregated = pool.Dis,
                PrefillGpus = pool.Prefill, DecodeGpus = pool.Decode, DecodeInstances = pool.Instances,
                PrefillTp = pool.PrefillTp, PrefillEp = pool.PrefillEp,
            };
            var point = TokenCost.Evaluate(
                g.Hardware[0], g.Models[0], d, new Workload { InputTokens = g.InputTokens[0], OutputTokens = g.OutputTokens[0], Load = g.Load }, g.Profile);
            all.Add((index++, group, point));
        }

        return all;
    }

    private static Gen<T[]> SubsetOf<T>(T[] values) =>
        Gen.Choose(1, (1 << values.Length) - 1).Select(mask => values.Where((_, i) => (mask & (1 << i)) != 0).ToArray());
}
