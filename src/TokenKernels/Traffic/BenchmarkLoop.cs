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

    /// <summary>
    /// Equally weighted lengths per side in <see cref="BenchmarkLengths"/>. A client draws each length from a continuous range;
    /// with few distinct lengths, requests that start decoding in the same step also finish in the same step far more often
    /// than under the client's draw, and their replacements arrive together (in a prefill-first engine the whole first wave
    /// starts decoding at once, so five lengths kept its cohort together for the run: InferenceX's SGLang MI300X/MI325X rows
    /// 0.5-0.8x of measured became 1.6-2.5x; sixteen lengths give 0.5-0.6x, back at the mixed engine's level).
    /// </summary>
    public const int Bins = 16;

    /// <summary>Lengths spread below the stated ones where a row states no range ratio (InferenceX's client), so that a cohort does not stay in step.</summary>
    public const double RangeRatio = 0.8;

    /// <summary>
    /// Whether an engine, colocated, runs waiting prompts in prefill-only steps ahead of decode. SGLang: the scheduler's
    /// <c>get_next_batch_to_run</c> builds a prefill batch from the waiting queue and runs it if it has one ("Run prefill first
    /// if possible"), decode only otherwise; it mixes decode into a prefill batch only with <c>--enable-mixed-chunk</c>
    /// (<c>is_mixed_chunk</c>, off by default; sgl-project/sglang python/sglang/srt/managers/scheduler.py). ATOM: "a
    /// prefill-first scheduler" (ROCm/ATOM docs/scheduling_kv_cache_guide.md). vLLM V1 puts decode first and fills each step's
    /// token budget with prefill chunks, and TensorRT-LLM's in-flight batching mixes context and generation requests in a step:
    /// both mixed. With exact lengths (a row's range_ratio 1) this is what keeps a closed loop's cohort in
    /// step: every request of a wave starts decoding at the same step, so all finish together and their replacements arrive
    /// together, and each waits for the whole wave's prompts.
    /// </summary>
    public static bool PrefillFirst(string engine) => engine is "sglang" or "atom";

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
        in PackedHardware hw, in PackedModel m, in PackedDeployment d, in PackedProfile profile, int concurrency, int? requests, bool mean, int input, int output,
        double rangeRatio = RangeRatio, bool prefillFirst = false, double? rate = null)
    {
        ReplicaConfig config;
        LengthDistribution lengths;
        try
        {
            lengths = BenchmarkLengths(input, output, rangeRatio);
            config = ReplicaPlan.Config(hw, m, d, profile, lengths.MaxContextTokens, out _, out _);
            config.PrefillFirst = prefillFirst && d.Disaggregated == 0 ? 1 : 0;
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
                // At a stated rate, Poisson arrivals (gamma shape 1) under the client's concurrency cap: ReplicaSimulation holds
                // an arrival that finds the cap reached in the client, its clock not started until a request completes.
                ArrivalKind = rate is null ? (int)ArrivalKind.ClosedLoop : (int)ArrivalKind.Gamma,
                RatePerSecond = rate ?? 0,
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
    /// finishing together, their replacements prefilling together), which no measured run does. <see cref="Bins"/> equally
    /// weighted lengths per side (the middles of equal bins of [0.8, 1]), input and output independent: 256 pairs. Another
    /// <paramref name="rangeRatio"/> spreads over [ratio, 1] alike; 1 gives every request the stated lengths (one pair).
    /// </summary>
    public static LengthDistribution BenchmarkLengths(int input, int output, double rangeRatio = RangeRatio)
    {
        if (rangeRatio >= 1)
        {
            // No spread: every bin is the stated pair, so one entry holds them all.
            return LengthDistribution.Weighted([(input, output, 1.0)]);
        }

        var entries = new List<(int, int, double)>();
        for (int i = 0; i < Bins; i++)
        {
            for (int o = 0; o < Bins; o++)
            {
                entries.Add((Spread(input, i), Spread(output, o), 1.0));
            }
        }

        return LengthDistribution.Weighted(entries);

        int Spread(int stated, int bin) => Math.Max(1, (int)Math.Round(stated * (rangeRatio + ((1 - rangeRatio) * (bin + 0.5) / Bins))));
    }
}
