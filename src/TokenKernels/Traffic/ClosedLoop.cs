using TokenKernels.Packing;
using TokenKernels.Workloads;

namespace TokenKernels.Traffic;

/// <summary>
/// A benchmark's closed loop (InferenceX, TensorRT-LLM's and SGLang's benchmarks keep a stated number of requests in
/// flight, a finished one replaced at once) on one packed configuration: how <c>validate</c> predicts the TTFT of a row
/// measured at a concurrency, queueing beyond the batch included, instead of the steady-state formula.
/// </summary>
internal static class ClosedLoop
{
    /// <summary>Seeds pooled per prediction.</summary>
    public const int Seeds = 2;

    /// <summary>
    /// Median TTFT (seconds) of <paramref name="concurrency"/> requests of <paramref name="input"/>:<paramref name="output"/>
    /// tokens kept in flight on configuration <paramref name="d"/> (its batch limit; the rest wait), pooled over
    /// <see cref="Seeds"/> seeds of the steady window; null when the configuration cannot run such a request.
    /// Runs on the calling thread (validate predicts rows in parallel).
    /// </summary>
    public static double? TtftP50(in PackedHardware hw, in PackedModel m, in PackedDeployment d, in PackedProfile profile, int concurrency, int input, int output)
    {
        ReplicaConfig config;
        LengthDistribution lengths;
        try
        {
            lengths = LengthDistribution.Fixed(input, output);
            config = ReplicaPlan.Config(hw, m, d, profile, lengths.MaxContextTokens, out _, out _);
        }
        catch (ArgumentException)
        {
            return null;
        }

        // Ten times the requests in flight, at least 400: the steady window (the middle 80%) holds eight generations of them.
        int requests = Math.Max(400, 10 * concurrency);
        var loads = new ReplicaLoad[Seeds];
        for (int i = 0; i < Seeds; i++)
        {
            loads[i] = new ReplicaLoad
            {
                ArrivalKind = (int)ArrivalKind.ClosedLoop,
                GammaShape = 1,
                Concurrency = concurrency,
                Requests = requests,
                Lengths = lengths.Packed,
                PrefixCacheHit = d.PrefixCacheHit,
                Seed = 1 + (ulong)i,
            };
        }

        var batch = new ReplicaBatch([config], loads, lengths.Table);
        batch.RunManaged(parallel: false, () => { }, CancellationToken.None);
        var replicas = Enumerable.Range(0, Seeds).Select(i => (batch.Records, i * batch.RecordsPerReplica, requests, batch.Summaries[i])).ToList();
        var point = LoadStatistics.Point(ArrivalProcess.ClosedLoop(concurrency), replicas, config.KvCapacityTokens, 1, 0, null, null);
        return point.TtftP50;
    }
}
