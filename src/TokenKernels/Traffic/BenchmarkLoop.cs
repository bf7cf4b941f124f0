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
    /// TTFT (seconds; the median, or the mean with <paramref name="mean"/>) over every request of a benchmark that keeps
    /// <paramref name="concurrency"/> requests of up to <paramref name="input"/>:<paramref name="output"/> tokens
    /// (<see cref="BenchmarkLengths"/>) in flight on configuration <paramref name="d"/> (its batch limit; the rest wait) until
    /// it has sent <paramref name="requests"/> (default ten times the concurrency, at least 400: InferenceX's
    /// --num-prompts); the first wave's wait included, as a benchmark client reports it. A concurrency at least the
    /// request count is a burst: every request sent at once, then drained. Pooled over <see cref="Seeds"/> seeds; null when
    /// the configuration cannot run such a request. Runs on the calling thread (validate predicts rows in parallel).
    /// </summary>
    public static double? Ttft(
        in PackedHardware hw, in PackedModel m, in PackedDeployment d, in PackedProfile profile, int concurrency, int? requests, bool mean, int input, int output)
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

        int sent = requests ?? Math.Max(400, 10 * concurrency);
        var loads = new ReplicaLoad[Seeds];
        for (int i = 0; i < Seeds; i++)
        {
            loads[i] = new ReplicaLoad
            {
                ArrivalKind = (int)ArrivalKind.ClosedLoop,
                GammaShape = 1,
                Concurrency = Math.Min(concurrency, sent),
                Requests = sent,
                Lengths = lengths.Packed,
                PrefixCacheHit = d.PrefixCacheHit,
                Seed = 1 + (ulong)i,
            };
        }

        var batch = new ReplicaBatch([config], loads, lengths.Table);
        batch.RunManaged(parallel: false, () => { }, CancellationToken.None);
        var ttft = new List<double>(Seeds * sent);
        for (int i = 0; i < Seeds; i++)
        {
            if (batch.Summaries[i].Failure != 0)
            {
                return null;
            }

            int offset = i * batch.RecordsPerReplica;
            for (int r = 0; r < sent; r++)
            {
                int at = offset + (r * ReplicaSimulation.RecordFields);
                ttft.Add(batch.Records[at + 1] - batch.Records[at]);
            }
        }

        if (mean)
        {
            return ttft.Average();
        }

        // The median of the pooled seeds, between the two middle values of an even count (LoadStatistics.Quantile's nearest
        // rank would take the lower seed's value where every request of a seed waits the same, as in a burst).
        ttft.Sort();
        int n = ttft.Count;
        return n % 2 == 1 ? ttft[n / 2] : 0.5 * (ttft[(n / 2) - 1] + ttft[n / 2]);
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
