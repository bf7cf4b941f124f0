using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TokenKernels.Physics;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Physics;

/// <summary>TTFT under load (<see cref="Queueing"/>) and the saturation flag.</summary>
public class QueueingTests
{
    private static readonly double[] Quantiles = [0.5, 0.9];

    [Fact]
    public void SingleServer_IsPollaczekKhinchine()
    {
        // M/D/1 at rho 0.5, service 1 s: Wq = rho x S / (2 (1 - rho)) = 0.5 / 1 = 0.5 s; P(wait) = rho = 0.5.
        Assert.Equal(0.5, Queueing.MeanWait(0.5, 1, 1.0, 0), 12);
        Assert.Equal(0.5, Queueing.WaitProbability(0.5, 1), 12);

        // M/M/1 (scv 1) at rho 0.8, service 2 s: Wq = rho x S / (1 - rho) = 1.6 / 0.2 = 8 s.
        Assert.Equal(8.0, Queueing.MeanWait(0.8, 1, 2.0, 1), 12);

        // P90 of the M/D/1 wait: mean / p x ln(p / 0.1) = 0.5 / 0.5 x ln 5 = 1.6094 s; the median: ln(0.5 / 0.5) = 0.
        Assert.Equal(Math.Log(5), Queueing.StationQuantile(0.5, 1, 1.0, 0, 0.9), 12);
        Assert.Equal(0, Queueing.StationQuantile(0.5, 1, 1.0, 0, 0.5), 12);
    }

    [Property(MaxTest = 300)]
    public Property StationWait_GrowsWithLoad_VanishesAtZero_AndIsInfiniteAtOne() => Prop.ForAll(
        (from a in Gen.Choose(1, 998)
         from b in Gen.Choose(1, 999)
         from servers in Gen.Elements(1.0, 2.0, 16.0, 256.0, 4096.0)
         from scv in Gen.Elements(0.0, 0.5, 1.0)
         select (a / 1000.0, b / 1000.0, servers, scv)).ToArbitrary(),
        t =>
        {
            var (a, b, servers, scv) = t;
            double lo = Math.Min(a, b), hi = Math.Max(a, b);
            foreach (double q in Quantiles)
            {
                Assert.True(Queueing.StationQuantile(lo, servers, 0.3, scv, q) <= Queueing.StationQuantile(hi, servers, 0.3, scv, q));
                Assert.Equal(0, Queueing.StationQuantile(1e-12, servers, 0.3, scv, q));
                Assert.Equal(double.PositiveInfinity, Queueing.StationQuantile(1.0, servers, 0.3, scv, q));
            }

            Assert.True(Queueing.MeanWait(lo, servers, 0.3, scv) <= Queueing.MeanWait(hi, servers, 0.3, scv));
        });

    /// <summary>Random colocated and disaggregated configurations on the synthetic GPU, pools from 1 to 8 GPUs.</summary>
    public sealed record Config(int Model, int Batch, int Isl, int Osl, bool Disaggregated, int Prefill, int Decode)
    {
        public ServingPoint At(double load) => TokenCost.Evaluate(
            Synthetic.Gpu(memoryBytes: 400e9),
            Model switch { 0 => Synthetic.Dense(), 1 => Synthetic.Moe(), _ => Synthetic.Mla() },
            Disaggregated
                ? new Deployment { Gpus = Prefill + Decode, Dp = Decode, Disaggregated = true, PrefillGpus = Prefill, DecodeGpus = Decode, Batch = Batch }
                : new Deployment { Gpus = Decode, Dp = Decode, Batch = Batch },
            new Workload { InputTokens = Isl, OutputTokens = Osl, Load = load },
            EfficiencyProfile.Priors);
    }

    private static Arbitrary<Config> Configs() =>
        (from model in Gen.Choose(0, 2)
         from batch in Gen.Choose(1, 512)
         from isl in Gen.Choose(1, 30_000)
         from osl in Gen.Choose(1, 4_000)
         from disaggregated in Gen.Elements(false, true)
         from prefill in Gen.Elements(1, 2, 4, 8)
         from decode in Gen.Elements(1, 2, 4, 8)
         select new Config(model, batch, isl, osl, disaggregated, prefill, decode)).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property TtftAtLoad_IsMonotonicInLoad_AndP90AtLeastP50() => Prop.ForAll(
        Configs(), Gen.Choose(1, 98).ToArbitrary(), Gen.Choose(1, 98).ToArbitrary(), (c, a, b) =>
        {
            var lo = c.At(Math.Min(a, b) / 100.0);
            var hi = c.At(Math.Max(a, b) / 100.0);
            if (!lo.Feasible)
            {
                return;
            }

            Assert.True(lo.TtftP50AtLoad!.Value <= hi.TtftP50AtLoad!.Value);
            Assert.True(lo.TtftP90AtLoad!.Value <= hi.TtftP90AtLoad!.Value);
            Assert.True(hi.TtftP50AtLoad!.Value <= hi.TtftP90AtLoad!.Value);
            Assert.True(double.IsFinite(hi.TtftP90AtLoad!.Value.Seconds));
        });

    [Property(MaxTest = 200)]
    public Property TtftAtLoad_TendsToTheUnloadedTtft_AsLoadTendsToZero() => Prop.ForAll(Configs(), c =>
    {
        var p = c.At(1e-9);
        if (!p.Feasible)
        {
            return;
        }

        // A request that finds every queue empty: colocated, the rest of the step in flight (half a step on average) then
        // its own prefill; disaggregated,
        // its prefill and KV transfer, which is evaluate's TTFT whenever the prefill pool keeps up (no queue at full batch).
        double unloaded = c.Disaggregated ? c.At(0).Ttft.Seconds : (0.5 * p.DecodeStep.Seconds) + p.PrefillPerRequest.Seconds;
        if (p.Saturated == SaturatedPool.None)
        {
            Tolerance.Near(unloaded, p.TtftP50AtLoad!.Value.Seconds, 1e-6, "P50 at load -> 0");
            Tolerance.Near(unloaded, p.TtftP90AtLoad!.Value.Seconds, 1e-6, "P90 at load -> 0");
        }

        Assert.True(p.TtftP90AtLoad!.Value.Seconds <= (c.Disaggregated && p.Saturated != SaturatedPool.None ? double.PositiveInfinity : p.Ttft.Seconds * (1 + 1e-9)));
    });

    [Fact]
    public void PrefillPoolThatCannotKeepUp_IsFlaggedSaturated_NotAFiniteTtft()
    {
        // One prefill GPU for eight decode GPUs of 256 sequences each on 8,000-token prompts: the pool's prompt rate is
        // below the decode pool's request rate, so it runs at 100 % and sets the rate. Before the flag, TTFT was the
        // closed-loop Little's-law value (2,048 requests queued for one GPU's prefill: a finite number of seconds).
        var hw = Synthetic.Gpu(memoryBytes: 400e9);
        var model = Synthetic.Moe();
        var workload = new Workload { InputTokens = 8000, OutputTokens = 100 };
        var starved = new Deployment { Gpus = 9, Dp = 8, Disaggregated = true, PrefillGpus = 1, DecodeGpus = 8, Batch = 256 };

        var p = TokenCost.Evaluate(hw, model, starved, workload, EfficiencyProfile.Priors);

        Assert.True(p.Feasible);
        Assert.Equal(1.0, p.PrefillShare, 12);
        Assert.Equal(SaturatedPool.Prefill, p.Saturated);
        Assert.Equal(double.PositiveInfinity, p.Ttft.Seconds);

        // Eight prefill GPUs for one small decode instance keep up: no flag, a finite TTFT.
        var fed = starved with { Gpus = 9, PrefillGpus = 8, DecodeGpus = 1, Dp = 1, Batch = 8 };
        var q = TokenCost.Evaluate(hw, model, fed, workload, EfficiencyProfile.Priors);
        Assert.True(q.PrefillShare < 1);
        Assert.Equal(SaturatedPool.None, q.Saturated);
        Assert.True(double.IsFinite(q.Ttft.Seconds));

        // At 70 % of the starved configuration's capacity the prefill pool is 70 % busy: a finite TTFT at load.
        var loaded = TokenCost.Evaluate(hw, model, starved, workload with { Load = 0.7 }, EfficiencyProfile.Priors);
        Assert.True(double.IsFinite(loaded.TtftP90AtLoad!.Value.Seconds));
    }
}
