using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TokenKernels.Tests.Support;

namespace TokenKernels.Tests.Physics;

/// <summary>Laws the cost model must obey for any valid input (FsCheck).</summary>
public class PropertyTests
{
    /// <summary>A random valid configuration of a synthetic model on a synthetic GPU with the engineering priors.</summary>
    public sealed record Scenario(int ModelIndex, int Batch, int Isl, int Osl, int Tp, Precision Weights, Precision Kv, double BandwidthScale, bool Disaggregated, double PrefixHit)
    {
        public ModelSpec Model => ModelIndex switch { 0 => Synthetic.Dense(), 1 => Synthetic.Moe(), _ => Synthetic.Mla() };

        public HardwareSpec Hardware => Synthetic.Gpu(memoryBytes: 400e9, hbmBytesPerSecond: 2e12 * BandwidthScale);

        public Deployment Deployment => Disaggregated
            ? new Deployment { Gpus = 2 * Tp, Tp = Tp, Disaggregated = true, PrefillGpus = Tp, DecodeGpus = Tp, Batch = Batch, Weights = Weights, KvCache = Kv }
            : new Deployment { Gpus = Tp, Tp = Tp, Batch = Batch, Weights = Weights, KvCache = Kv };

        public Workload Workload => new() { InputTokens = Isl, OutputTokens = Osl, PrefixCacheHit = PrefixHit };

        public ServingPoint Evaluate(EfficiencyProfile? profile = null) =>
            TokenCost.Evaluate(Hardware, Model, Deployment, Workload, profile ?? EfficiencyProfile.Priors);
    }

    private static readonly Precision[] WeightPrecisions = [Precision.Bf16, Precision.Fp8, Precision.Fp4];

    private static Arbitrary<Scenario> Scenarios() =>
        (from model in Gen.Choose(0, 2)
         from batch in Gen.Choose(1, 512)
         from isl in Gen.Choose(1, 16_000)
         from osl in Gen.Choose(1, 4_000)
         from tp in Gen.Elements(1, 2)
         from weights in Gen.Elements(WeightPrecisions)
         from kv in Gen.Elements(Precision.Bf16, Precision.Fp8)
         from scale in Gen.Choose(1, 40).Select(x => x / 10.0)
         from disaggregated in Gen.Elements(false, true)
         from hit in Gen.Choose(0, 9).Select(x => x / 10.0)
         select new Scenario(model, batch, isl, osl, tp, weights, kv, scale, disaggregated, hit)).ToArbitrary();

    private static bool AllFinite(ServingPoint r) =>
        new[]
        {
            // A saturated queue's TTFT is infinite by contract (flagged, never a finite number); every other is finite.
            r.Saturated == SaturatedPool.None ? r.Ttft.Seconds : 0, r.Tpot.Seconds, r.TokSUser, r.OutputTokSGpu, r.InputTokSGpu, r.TotalTokSGpu,
            r.UsdPerMtokOutput?.Dollars ?? 0, r.UsdPerMtokInput?.Dollars ?? 0, r.UsdPerMtokTotal?.Dollars ?? 0,
            r.WeightsPerGpu.Bytes, r.KvCachePerGpu.Bytes, r.DecodeStep.Seconds, r.PrefillPerRequest.Seconds, r.PrefillShare,
        }.All(double.IsFinite);

    [Property(MaxTest = 300)]
    public Property NoOutputIsNaNOrInfinite() => Prop.ForAll(Scenarios(), c =>
    {
        var r = c.Evaluate();
        bool positiveWhenFeasible = !r.Feasible || (r.Tpot.Seconds > 0 && r.OutputTokSGpu > 0 && r.Ttft.Seconds > 0 && r.UsdPerMtokTotal!.Value.Dollars > 0);
        bool zeroWhenInfeasible = r.Feasible || (r.OutputTokSGpu == 0 && r.TokSUser == 0);
        return AllFinite(r) && positiveWhenFeasible && zeroWhenInfeasible;
    });

    [Property(MaxTest = 200)]
    public Property MoreHbmBandwidthNeverSlowsDecode() => Prop.ForAll(Scenarios(), c =>
    {
        var slow = c.Evaluate();
        var fast = (c with { BandwidthScale = c.BandwidthScale * 1.5 }).Evaluate();
        return !slow.Feasible || fast.DecodeStep.Seconds <= slow.DecodeStep.Seconds * (1 + 1e-12);
    });

    [Property(MaxTest = 200)]
    public Property StepIsAtLeastEachRooflineTerm() => Prop.ForAll(Scenarios(), c =>
    {
        var r = c.Evaluate();
        double step = r.DecodeStep.Seconds;
        return !r.Feasible
            || (step >= r.DecodeCompute.Seconds && step >= r.DecodeMemory.Seconds && step >= r.DecodeNetwork.Seconds && step >= r.DecodeOverhead.Seconds);
    });

    [Property(MaxTest = 200)]
    public Property CostPerTokenNeverRisesWithBatchWhileMemoryBound() => Prop.ForAll(Scenarios(), c =>
    {
        var small = c.Evaluate();
        var large = (c with { Batch = c.Batch * 2 }).Evaluate();
        if (!small.Feasible || !large.Feasible || small.DecodeBound != Bound.Memory || large.DecodeBound != Bound.Memory)
        {
            return true;
        }

        return large.UsdPerMtokTotal!.Value.Dollars <= small.UsdPerMtokTotal!.Value.Dollars * (1 + 1e-9);
    });

    [Property(MaxTest = 200)]
    public Property HigherMtpAcceptanceNeverLowersTokSUser() => Prop.ForAll(Scenarios(), Gen.Choose(1, 3).ToArbitrary(), (c, draft) =>
    {
        // For a fixed draft length the draft cost is paid either way, so accepting more tokens per step can only help.
        var d = c.Deployment with { MtpDraftTokens = draft, MtpAcceptanceLength = 1 + (draft * 0.3) };
        var better = d with { MtpAcceptanceLength = 1 + (draft * 0.9) };
        var lo = TokenCost.Evaluate(c.Hardware, c.Model, d, c.Workload, EfficiencyProfile.Priors);
        var hi = TokenCost.Evaluate(c.Hardware, c.Model, better, c.Workload, EfficiencyProfile.Priors);
        return !lo.Feasible || hi.TokSUser >= lo.TokSUser * (1 - 1e-12);
    });

    [Property(MaxTest = 200)]
    public Property MtpWithGoodAcceptanceRaisesTokSUser() => Prop.ForAll(Scenarios(), c =>
    {
        // One drafted token accepted 90% of the time costs about one layer (<= 1/4 of a step for these models) and yields 1.9 tokens.
        var plain = c.Evaluate();
        var mtp = TokenCost.Evaluate(c.Hardware, c.Model, c.Deployment with { MtpDraftTokens = 1, MtpAcceptanceLength = 1.9 }, c.Workload, EfficiencyProfile.Priors);
        return !plain.Feasible || !mtp.Feasible || mtp.TokSUser >= plain.TokSUser;
    });
}
