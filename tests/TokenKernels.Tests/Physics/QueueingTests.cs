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

    [Fact]
    public void PromptsPerStep_CountsThePromptsThatArriveWhileOneWaits()
    {
        // Rate 10/s, decode steps of 0.1 s, steps with prefill of 0.1 s: a step with prefill is followed by another with
        // probability q = 1 - e^-(10 x 0.1) = 0.63212056. A prompt after a decode step waits half of it (0.05 s, 0.5 more
        // prompts join); after a step with prefill the whole step's arrivals (1 prompt) go together:
        // 1 + 10 x (0.36787944 x 0.05 + 0.63212056 x 0.1) = 1.81606028.
        Assert.Equal(1.8160602794142788, Queueing.PromptsPerStep(10, 0.1, 0.1), 12);

        // A prefill rank (no decode steps): an idle rank starts a prompt at once; a busy one, 0.3 s a prompt at 0.5/s,
        // is followed by another prompt with probability 1 - e^-0.15, carrying 0.5 x 0.3 = 0.15 prompts more:
        // 1 + 0.5 x 0.13929202 x 0.3 = 1.02089380.
        Assert.Equal(1.0208938035362414, Queueing.PromptsPerStep(0.5, 0, 0.3), 12);

        // As the rate tends to 0 each prompt has a step to itself.
        Assert.Equal(1.0, Queueing.PromptsPerStep(1e-12, 0.1, 0.2), 9);
    }

    [Fact]
    public void Occupancy_IsLittlesLawFixedPoint_AndInfiniteWithoutRoom()
    {
        // b = rate x (fixed + perSequence x b): rate 10/s, fixed 1 s, 0.05 s per sequence: b = 10 / (1 - 0.5) = 20.
        Assert.Equal(20.0, Queueing.Occupancy(10, 1.0, 0.05), 12);

        // rate x perSequence = 1: every added sequence slows the others enough to hold one more; no finite occupancy.
        Assert.Equal(double.PositiveInfinity, Queueing.Occupancy(20, 1.0, 0.05));
    }

    [Fact]
    public void StepInFlight_IsUniformOverTheStepWhenBusy()
    {
        // Busy half the time with 0.2 s steps: P(wait > w) = 0.5 x (1 - w / 0.2). The P90 solves 0.5 (1 - w / 0.2) = 0.1:
        // w = 0.2 x (1 - 0.2) = 0.16 s; the median is 0 (half the arrivals find it idle); never busy, never a wait.
        Assert.Equal(0.16, Queueing.StepInFlightQuantile(0.5, 0.2, 0.9), 12);
        Assert.Equal(0, Queueing.StepInFlightQuantile(0.5, 0.2, 0.5), 12);
        Assert.Equal(0, Queueing.StepInFlightQuantile(0, 0.2, 0.9), 12);
    }

    [Fact]
    public void Disaggregated_OneSlotIsMD1()
    {
        // One instance of one slot, 100 decode steps of 0.01 s (holding 1 s), arrivals 0.5/s, prefill free: the slot is
        // M/D/1 at rho 0.5: P(wait) 0.5, mean wait 0.5 s, so P50 wait 0 and P90 wait 0.5 / 0.5 x ln(0.5 / 0.1) = ln 5 s,
        // on top of 0.2 s of prefill and transfer.
        Assert.Equal(0, Queueing.Disaggregated(0.5, 1, 1, 0.01, 0, 100, 0.2, 0, 0, out double p50, out double p90));
        Assert.Equal(0.2, p50, 12);
        Assert.Equal(0.2 + Math.Log(5), p90, 12);

        // A pool of 0.3 s steps taking 0.03 s per prompt (ten prompts a step) at 0.5/s is busy 1.5 % of the time: below
        // a 10 % chance of waiting, so the quantiles do not move. At 0.5/s and 1 s per prompt it is busy half the time: a
        // prompt waits for the step in flight, P90 0.3 x (1 - 0.1 / 0.5) = 0.24 s. 1/s at 1 s a prompt saturates the
        // prefill pool, 2/s the one slot.
        Assert.Equal(0, Queueing.Disaggregated(0.5, 1, 1, 0.01, 0, 100, 0.2, 0.3, 0.03, out _, out double p90Light));
        Assert.Equal(0.2 + Math.Log(5), p90Light, 12);
        Assert.Equal(0, Queueing.Disaggregated(0.5, 1, 1, 0.01, 0, 100, 0.2, 0.3, 1.0, out double p50Busy, out double p90Busy));
        Assert.Equal(0.2, p50Busy, 12);
        Assert.Equal(0.2 + 0.24 + Math.Log(5), p90Busy, 12);
        Assert.Equal((int)SaturatedPool.Prefill, Queueing.Disaggregated(1, 1, 1, 0.01, 0, 100, 0.2, 1.0, 1.0, out double sat, out _));
        Assert.Equal(double.PositiveInfinity, sat);
        Assert.Equal((int)SaturatedPool.Decode, Queueing.Disaggregated(2, 1, 1, 0.01, 0, 100, 0.2, 1.0, 0, out _, out _));
    }

    [Fact]
    public void Colocated_OneSlot_AddsTheStepInFlightAndItsOwnMixedStep()
    {
        // One slot held 100 steps of 0.01 s = 1 s (prompts cost no step), arrivals 0.5/s: occupancy b = 0.5 x 1 = 0.5, the
        // slot M/D/1 at rho 0.5 (P50 wait 0, P90 wait ln 5 s as above). The instance is busy with probability
        // 1 - e^-0.5 = 0.39346934; a request then waits for the rest of the step in flight (0.01 s; a zero-length prompt
        // step adds nothing) and runs its own mixed step, whose decode part is 0.01 s when busy:
        // own = 0.2 + 0.39346934 x 0.01 = 0.20393469. P50: busy below 0.5, no wait for the step in flight: 0.20393469.
        // P90: 0.01 x (1 - 0.1 / 0.39346934) = 0.00745851 for the step in flight: 0.20393469 + 0.00745851 + ln 5 = 1.82083111.
        Assert.True(Queueing.Colocated(0.5, 1, 0.01, 0, 100, 0.2, 0, 0, 0, 1, out double p50, out double p90));
        Assert.Equal(0.20393469340287368, p50, 12);
        Assert.Equal(1.8208311117544371, p90, 12);

        // At 1/s the one slot is busy all the time: saturated, never a finite TTFT.
        Assert.False(Queueing.Colocated(1.0, 1, 0.01, 0, 100, 0.2, 0, 0, 0, 1, out double sat50, out double sat90));
        Assert.Equal(double.PositiveInfinity, sat50);
        Assert.Equal(double.PositiveInfinity, sat90);
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

            // Below capacity a queue may still saturate at the offered rate (colocated prompts that arrive alone pay a lone
            // prefill step each): then it is flagged with an infinite TTFT, and so at every higher load.
            double loP90 = lo.TtftP90AtLoad!.Value.Seconds, hiP90 = hi.TtftP90AtLoad!.Value.Seconds;
            Assert.True(double.IsFinite(loP90) || lo.Saturated != SaturatedPool.None);
            Assert.True(double.IsFinite(hiP90) || hi.Saturated != SaturatedPool.None);
            Assert.True(lo.TtftP50AtLoad!.Value <= hi.TtftP50AtLoad!.Value);
            Assert.True(loP90 <= hiP90);
            Assert.True(hi.TtftP50AtLoad!.Value <= hi.TtftP90AtLoad!.Value);
        });

    [Property(MaxTest = 200)]
    public Property TtftAtLoad_TendsToTheUnloadedTtft_AsLoadTendsToZero() => Prop.ForAll(Configs(), c =>
    {
        var p = c.At(1e-9);
        if (!p.Feasible)
        {
            return;
        }

        // A request that finds every queue empty: colocated, an idle instance (no step in flight, no decode batch to share
        // its step with), so its own prefill; disaggregated, its prefill and KV transfer, which is evaluate's TTFT whenever
        // the prefill pool keeps up (no queue at full batch).
        double unloaded = c.Disaggregated ? c.At(0).Ttft.Seconds : p.PrefillPerRequest.Seconds;
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
