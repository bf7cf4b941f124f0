using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Engine;

/// <summary><see cref="Layouts.Best"/> against a brute force over every layout and pool split through <see cref="TokenCost.Evaluate"/>.</summary>
public class LayoutSearchTests
{
    public sealed record Setup(int Gpus, int Model, double Memory, int Batch, int Isl, int Osl);

    private static Arbitrary<Setup> Setups() =>
        (from gpus in Gen.Choose(1, 8)
         from model in Gen.Choose(0, 2)
         from memory in Gen.Elements(2e9, 20e9, 200e9)
         from batch in Gen.Choose(1, 600)
         from isl in Gen.Choose(1, 20_000)
         from osl in Gen.Choose(1, 3_000)
         select new Setup(gpus, model, memory, batch, isl, osl)).ToArbitrary();

    [Property(MaxTest = 25)]
    public Property Best_IsNeverBeatenByAnyLayoutOfTheSameGpus() => Prop.ForAll(Setups(), c =>
    {
        var hw = Synthetic.Gpu(memoryBytes: c.Memory);
        var model = c.Model switch { 0 => Synthetic.Dense(), 1 => Synthetic.Moe(), _ => Synthetic.Mla() };
        var template = new Deployment { Gpus = c.Gpus, Batch = c.Batch };
        var workload = new Workload { InputTokens = c.Isl, OutputTokens = c.Osl };

        var choice = Layouts.Best(hw, model, c.Gpus, template, workload, EfficiencyProfile.Priors);

        // Every tp x dp x pp = instance GPUs and ep from 1 to the instance, colocated and every split / instance count.
        double bestBrute = double.NegativeInfinity;
        foreach (var d in Everything(c.Gpus, c.Batch))
        {
            var p = TokenCost.Evaluate(hw, model, d, workload, EfficiencyProfile.Priors);
            if (p.Feasible && p.Saturated == SaturatedPool.None)
            {
                bestBrute = Math.Max(bestBrute, p.TotalTokSGpu);
            }
        }

        if (double.IsNegativeInfinity(bestBrute))
        {
            Assert.Null(choice);
            return;
        }

        Assert.NotNull(choice);
        Assert.Equal(c.Gpus, choice.Deployment.Gpus);
        Assert.Equal(TokenCost.Evaluate(hw, model, choice.Deployment, workload, EfficiencyProfile.Priors), choice.Point);
        Assert.Equal(SaturatedPool.None, choice.Point.Saturated);
        Assert.True(choice.Point.TotalTokSGpu >= bestBrute * (1 - 1e-12), $"best {choice.Point.TotalTokSGpu} < brute force {bestBrute}");
    });

    private static IEnumerable<Deployment> Everything(int gpus, int batch)
    {
        var pools = new List<(bool Dis, int Prefill, int Decode, int Instances, int Instance)> { (false, 0, 0, 1, gpus) };
        for (int prefill = 1; prefill < gpus; prefill++)
        {
            int decode = gpus - prefill;
            for (int n = 1; n <= decode; n++)
            {
                if (decode % n == 0)
                {
                    pools.Add((true, prefill, decode, n, decode / n));
                }
            }
        }

        foreach (var pool in pools)
        for (int tp = 1; tp <= pool.Instance; tp++)
        for (int dp = 1; dp <= pool.Instance; dp++)
        for (int pp = 1; pp <= pool.Instance; pp++)
        {
            if (tp * dp * pp != pool.Instance)
            {
                continue;
            }

            for (int ep = 1; ep <= pool.Instance; ep++)
            {
                yield return new Deployment
                {
                    Gpus = gpus, Tp = tp, Dp = dp, Pp = pp, Ep = ep, Batch = batch, Disaggregated = pool.Dis,
                    PrefillGpus = pool.Prefill, DecodeGpus = pool.Decode, DecodeInstances = pool.Instances,
                };
            }
        }
    }
}
