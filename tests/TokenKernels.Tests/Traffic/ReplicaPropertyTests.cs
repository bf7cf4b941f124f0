using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TokenKernels.Tests.Support;
using TokenKernels.Traffic;

namespace TokenKernels.Tests.Traffic;

/// <summary>
/// Invariants of one simulated replica over generated corners: batch 1, zero drafts, acceptance 0 and 1 per draft, one
/// decode instance and several, colocated and disaggregated, closed loops below, at and above the slots.
/// </summary>
public class ReplicaPropertyTests
{
    private static Arbitrary<(int Batch, int Instances, int Drafts, double PerDraft, int Concurrency, bool Lognormal)> Cases() =>
        (from batch in Gen.Elements(1, 1, 2, 8)
         from instances in Gen.Elements(1, 1, 2, 3)
         from drafts in Gen.Elements(0, 0, 1, 3)
         from perDraft in Gen.Elements(0.0, 1.0, 0.6)
         from concurrency in Gen.Choose(1, (2 * 8 * 3) + 2)
         from lognormal in Gen.Elements(false, true)
         select (batch, instances, drafts, perDraft, concurrency, lognormal)).ToArbitrary();

    [Property(MaxTest = 40)]
    public Property ClosedLoop_EveryRequestCompletes_InOrderOfItsTimes_AndTheLoopsIntegralIsLittlesLaw() => Prop.ForAll(Cases(), x =>
    {
        // Every request completes (no failure), arrival <= first token <= done, and the event loop's integral of requests
        // in system equals the sum of their sojourns (Little's law over the whole run, empty to empty), which only holds if
        // the instances' clocks are served in time order; a closed loop of C never holds more than C: sum <= C x end.
        var (batch, instances, drafts, a, concurrency, lognormal) = x;
        var deployment = instances > 1 || concurrency % 2 == 0
            ? new Deployment { Gpus = 1 + instances, Batch = batch, Disaggregated = true, PrefillGpus = 1, DecodeGpus = instances, DecodeInstances = instances, Weights = Precision.Fp8, KvCache = Precision.Bf16 }
            : Synthetic.OneGpu(batch);
        deployment = deployment with { MtpDraftTokens = drafts, MtpAcceptanceLength = TokenKernels.Physics.MtpAcceptance.Length(a, drafts) };
        var s = new LoadSimulation
        {
            Hardware = Synthetic.Gpu(),
            Model = Synthetic.Dense(),
            Deployment = deployment,
            Lengths = LengthDistribution.Parse(lognormal ? "lognormal:in=300,out=40,sigma=1" : "300:40"),
            Loads = [ArrivalProcess.ClosedLoop(concurrency)],
            Profile = Synthetic.Roofline(),
            RequestsPerSeed = 120,
        };
        var config = ReplicaPlan.Config(s, out _, out _);
        var list = new List<double>();
        var lengths = ReplicaPlan.Append(list, s.Loads[0], ReplicaPlan.AppendLengths(list, s), out int offset);
        var load = ReplicaPlan.Load(s, s.Loads[0], lengths, offset, 5, 3);
        var records = new double[load.Requests * ReplicaSimulation.RecordFields];
        var memory = new HostTrafficMemory([.. list], new double[ReplicaSimulation.StateSize(config.BatchLimit, config.Instances)], 0, records, 0);
        var summary = ReplicaSimulation.Run(ref memory, config, load);
        double sojourn = 0;
        bool ordered = true;
        for (int i = 0; i < load.Requests; i++)
        {
            double arrival = records[i * 5], first = records[(i * 5) + 1], done = records[(i * 5) + 2];
            ordered &= arrival >= 0 && first >= arrival && done >= first;
            sojourn += done - arrival;
        }

        bool little = Math.Abs(summary.InSystemSeconds - sojourn) <= 1e-9 * sojourn;
        bool bounded = sojourn <= concurrency * summary.EndSeconds * (1 + 1e-9);
        return (summary.Failure == 0 && summary.Completed == load.Requests && ordered && little && bounded)
            .Label($"failure {summary.Failure}, completed {summary.Completed}, ordered {ordered}, loop {summary.InSystemSeconds} vs records {sojourn}, bound {concurrency * summary.EndSeconds}");
    });
}
