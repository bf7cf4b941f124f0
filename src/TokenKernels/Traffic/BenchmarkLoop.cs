using TokenKernels.Packing;
using TokenKernels.Workloads;

namespace TokenKernels.Traffic;

/// <summary>
/// A benchmark's closed loop (InferenceX, TensorRT-LLM's and SGLang's benchmarks keep a stated number of requests in
/// flight, a finished one replaced at once) on one packed configuration: how <c>validate</c> predicts the TTFT of a row
/// measured at a concurrency, queueing beyond the batch included, instead of the steady-state formula.
/// </summary>
internal static class BenchmarkLoop
{
    /// <summary>Seeds pooled per prediction.</summary>
    public const int Seeds = 2;

    /// <summary>Lengths spread below the stated ones, as a benchmark client draws them, so that a cohort does not stay in step.</summary>
    public const double RangeRatio = 0.8;

    /// <summary>
    /// Median TTFT (seconds) of <paramref name="concurrency"/> requests of up to <paramref name="input"/>:<paramref name="output"/>
    /// tokens (<see cref="BenchmarkLengths"/>) kept in flight on configuration <paramref name="d"/> (its batch limit; the rest wait), pooled over
    /// <see cref="Seeds"/> seeds of the steady window; null when the configuration cannot run such a request.
    /// Runs on the calling thread (validate predicts rows in parallel).
    /// </summary>
    public static double? TtftP50(in PackedHardware hw, in PackedModel m, in PackedDeployment d, in PackedProfile profile, int concurrency, int input, int output)
    {
        ReplicaConfig config;
        LengthDistribution lengths;
        try
        {
            lengths = BenchmarkLengths(input, output);
            config = ReplicaPlan.Config(hw, m, d, profile, lengths.MaxContextTokens, out _, out _);
        }
        catch (ArgumentException)
        {
            return null;
        }

        // Ten times the requests in flight (InferenceX's --num-prompts), at least 400: the steady window (the middle 80%) holds eight generations of them.
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
        var point = LoadStatistics.Point(ArrivalProcess.ClosedLoop(concurrency), replicas, config.TotalKvTokens, 1, 0, null, null);
        return point.TtftP50;
    }

    /// <summary>
    /// InferenceX's client (SemiAnalysisAI/InferenceX README, "Benchmark Client Configuration": vLLM's benchmark_serving.py
    /// with --dataset-name random --random-range-ratio 0.8) draws each request's input and output length uniformly between
    /// 0.8 x and 1 x the stated ones. Fixed lengths would keep a closed loop's first cohort in step for ever (every request
    /// finishing together, their replacements prefilling together), which no measured run does. Five equally weighted
    /// lengths per side (the middles of five equal bins of [0.8, 1]), input and output independent: 25 pairs.
    /// </summary>
    public static LengthDistribution BenchmarkLengths(int input, int output)
    {
        var entries = new List<(int, int, double)>();
        for (int i = 0; i < 5; i++)
        {
            for (int o = 0; o < 5; o++)
            {
                entries.Add((Spread(input, i), Spread(output, o), 1.0));
            }
        }

        return LengthDistribution.Weighted(entries);

        static int Spread(int stated, int bin) => Math.Max(1, (int)Math.Round(stated * (RangeRatio + ((1 - RangeRatio) * (bin + 0.5) / 5))));
    }
}
