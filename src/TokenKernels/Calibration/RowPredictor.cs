using System.Globalization;
using TokenKernels.Engine;
using TokenKernels.Packing;
using TokenKernels.Physics;
using TokenKernels.Traffic;

namespace TokenKernels.Calibration;

/// <summary>
/// Predicts a planned row under one efficiency profile: evaluates every candidate with <see cref="ServingModel.Evaluate"/>,
/// then picks per <see cref="RowPlan.Selection"/>. Frontier rows read throughput off the Pareto frontier
/// (tok/s/user vs throughput) at the measured tok/s/user and tok/s/user at the measured throughput, interpolating
/// log-linearly between neighbouring frontier points so that predictions move smoothly with the profile.
/// </summary>
internal static class RowPredictor
{
    private const int MetricCount = 6;

    /// <summary>
    /// The profile a row is planned and predicted under (<see cref="RowPlanner.Plan"/> and <see cref="Predict"/> both call
    /// this): the fitted one, with the KV share of free memory the row states (<see cref="Measurement.KvCacheFraction"/>)
    /// in place of the profile's usable fraction.
    /// </summary>
    public static PackedProfile ForRow(Measurement row, in PackedProfile fitted)
    {
        var p = fitted;
        if (row.KvCacheFraction is { } share)
        {
            p.UsableMemoryFraction = share;
        }

        return p;
    }

    /// <summary>Per-thread scratch: candidate metrics and feasible indices (a fit predicts every row thousands of times).</summary>
    [ThreadStatic]
    private static double[]? metricsScratch;

    [ThreadStatic]
    private static int[]? feasibleScratch;

    public static RowOutcome Predict(RowPlan plan, in PackedProfile fitted)
    {
        var profile = ForRow(plan.Row, fitted);
        if (plan.Error is not null)
        {
            return new RowOutcome(Nan(), -1, plan.Error);
        }

        var hw = plan.Hardware;
        var m = plan.Model;
        int n = plan.Candidates.Length;
        var metrics = Scratch(ref metricsScratch, n * MetricCount);
        var feasible = Scratch(ref feasibleScratch, n);
        int count = 0;
        int firstReason = 0;
        var prepared = default(PreparedDeployment);
        var load = default(PreparedLoad);
        for (int i = 0; i < n; i++)
        {
            // Candidates are enumerated with the load (batch, MTP) innermost, so one preparation of the layout, and one of
            // the lengths, serves a run of them; only the batch-dependent part runs per candidate.
            ref readonly var d = ref plan.Candidates[i];
            bool newLayout = i == 0 || !SameLayout(d, plan.Candidates[i - 1]);
            if (newLayout)
            {
                prepared = ServingModel.Prepare(hw, m, d, profile);
            }

            if (prepared.Reason == 0 && (newLayout || !SameLengths(d, plan.Candidates[i - 1])))
            {
                load = ServingModel.PrepareLoad(prepared, m, d);
            }

            var r = prepared.Reason != 0 ? new PackedResult { Reason = prepared.Reason } : ServingModel.ServeBatch(prepared, load, m, d);
            if (!r.Feasible)
            {
                firstReason = firstReason == 0 ? r.Reason : firstReason;
                continue;
            }

            var into = metrics.AsSpan(i * MetricCount, MetricCount);
            Metrics(r, d, plan.Row.Phase, into);
            if (plan.BurstRequests is { } burst
                && !(plan.BurstOutputs == OutputLengthDistribution.Exponential
                    ? ExponentialDrain(prepared, load, m, d, r, burst, into, ref firstReason)
                    : Drain(prepared, load, m, d, r, burst, into, ref firstReason)))
            {
                continue;
            }

            feasible[count++] = i;
        }

        if (count == 0)
        {
            return new RowOutcome(Nan(), -1, "no feasible configuration: " + ((InfeasibleReason)firstReason).Describe());
        }

        var candidates = feasible.AsSpan(0, count);
        return plan.Selection switch
        {
            RowSelection.Frontier => Frontier(plan, metrics, candidates),
            RowSelection.MaxThroughput => Best(metrics, candidates, (int)plan.Throughput!.Value, +1),
            RowSelection.MaxInteractivity => Best(metrics, candidates, (int)MeasuredMetric.TokSUser, +1),
            _ => Best(metrics, candidates, (int)MeasuredMetric.TtftS, -1),
        };
    }

    /// <summary>
    /// <see cref="Predict"/>, then for a row measured at a stated concurrency its TTFT from simulating that benchmark on the
    /// chosen configuration (<see cref="BenchmarkLoop"/>: its stated request count, a burst when the concurrency covers them
    /// all, requests beyond the batch queue, the statistic the row states), not the steady-state formula.
    /// Colocated and disaggregated configurations (the prefill pool packs prompts into chunked steps; each decode instance
    /// is simulated with its own batch limit).
    /// For validate and held-out predictions; the fit's objective keeps <see cref="Predict"/>, which it calls thousands of times.
    /// </summary>
    public static RowOutcome PredictAtConcurrency(RowPlan plan, in PackedProfile fitted)
    {
        var outcome = Predict(plan, fitted);
        var row = plan.Row;
        var profile = ForRow(row, fitted);
        if (outcome.Error is null && outcome.Chosen >= 0 && row.Concurrency is { } concurrency && row.TtftS is not null
            && plan.Candidates[outcome.Chosen] is var d
            && BenchmarkLoop.Ttft(plan.Hardware, plan.Model, d, profile, concurrency, row.Requests, row.TtftStatistic == TtftStatistic.Mean, (int)Math.Round(d.InputTokens), (int)Math.Round(d.OutputTokens),
                row.RangeRatio ?? BenchmarkLoop.RangeRatio, row.PrefillFirst ?? BenchmarkLoop.PrefillFirst(plan.Engine), row.RequestRate) is { } ttft)
        {
            outcome.Predicted[(int)MeasuredMetric.TtftS] = ttft;
        }

        return outcome;
    }

    /// <summary>
    /// Scales a burst's throughput metrics in <paramref name="into"/> (those of <paramref name="r"/>, the steady state at the
    /// candidate's batch b) to the whole run: n = <paramref name="burst"/> / decode instances requests per instance, every one
    /// sent at once, the engine admitting b of them. Cohorts of equal lengths finish together, so the run is floor(n / b)
    /// waves of b and one of the rest r; a wave of w requests takes w x osl / (G x R(w)) seconds at R(w) output tok/s/GPU
    /// on G GPUs, and the run delivers n x osl tokens: per-GPU throughput n / (floor(n / b) x b / R(b) + r / R(r)). With
    /// n &lt;= b (the planner caps the batch at n) nothing changes. False, with the reason, where the last wave cannot run.
    /// For output lengths of one size (<see cref="OutputLengthDistribution.Fixed"/>); exponential ones drain through every
    /// batch instead (<see cref="ExponentialDrain"/>).
    /// </summary>
    private static bool Drain(in PreparedDeployment prepared, in PreparedLoad load, in PackedModel m, in PackedDeployment d, in PackedResult r, int burst, Span<double> into, ref int firstReason)
    {
        double n = burst / ServingModel.DecodeInstances(d);
        double waves = Math.Floor(n / d.Batch);
        double rest = Math.Round(n - (waves * d.Batch));
        if (waves < 1 || (waves == 1 && rest < 1))
        {
            return true;
        }

        double seconds = waves * d.Batch / r.OutputTokSGpu;
        if (rest >= 1)
        {
            var last = d;
            last.Batch = rest;
            var tail = ServingModel.ServeBatch(prepared, load, m, last);
            if (!tail.Feasible)
            {
                firstReason = firstReason == 0 ? tail.Reason : firstReason;
                return false;
            }

            seconds += rest / tail.OutputTokSGpu;
        }

        double scale = n / seconds / r.OutputTokSGpu;
        into[(int)MeasuredMetric.OutputTokSGpu] *= scale;
        into[(int)MeasuredMetric.InputTokSGpu] *= scale;
        into[(int)MeasuredMetric.TotalTokSGpu] *= scale;
        return true;
    }

    /// <summary>
    /// <see cref="Drain"/> for a burst whose output lengths are exponential (<see cref="OutputLengthDistribution.Exponential"/>):
    /// n requests per instance, K = min(b, n) running at once; (n - K) completions at batch K while requests wait, then a
    /// drain through every batch from K down to 1 (<see cref="BurstDrain"/>: per-GPU throughput
    /// n / ((n - K) / R(K) + sum_k 1 / R(k)), the sum a quadrature over <see cref="BurstDrain.NodeCount"/> batches).
    /// False, with the reason, where a drain batch cannot run.
    /// </summary>
    private static bool ExponentialDrain(in PreparedDeployment prepared, in PreparedLoad load, in PackedModel m, in PackedDeployment d, in PackedResult r, int burst, Span<double> into, ref int firstReason)
    {
        double n = burst / ServingModel.DecodeInstances(d);
        double top = BurstDrain.TopLevel(n, d.Batch);
        double atTop = r.OutputTokSGpu;
        if (top != d.Batch && !RateAtBatch(prepared, load, m, d, top, ref firstReason, out atTop))
        {
            return false;
        }

        double drain = 0;
        int nodes = BurstDrain.NodeCount(top);
        for (int j = 0; j < nodes; j++)
        {
            double k = BurstDrain.Node(top, j);
            double rate = atTop;
            if (k != top && !RateAtBatch(prepared, load, m, d, k, ref firstReason, out rate))
            {
                return false;
            }

            // tau(k) = k / R(k): GPU-seconds per step at k running.
            drain += BurstDrain.Weight(top, j) * k / rate;
        }

        double scale = BurstDrain.Rate(n, top, atTop, drain) / r.OutputTokSGpu;
        into[(int)MeasuredMetric.OutputTokSGpu] *= scale;
        into[(int)MeasuredMetric.InputTokSGpu] *= scale;
        into[(int)MeasuredMetric.TotalTokSGpu] *= scale;
        return true;
    }

    /// <summary>Output tok/s per GPU of <paramref name="d"/> served at <paramref name="batch"/> running; false, with the first reason, where that batch cannot run.</summary>
    private static bool RateAtBatch(in PreparedDeployment prepared, in PreparedLoad load, in PackedModel m, PackedDeployment d, double batch, ref int firstReason, out double rate)
    {
        d.Batch = batch;
        var served = ServingModel.ServeBatch(prepared, load, m, d);
        rate = served.OutputTokSGpu;
        if (!served.Feasible)
        {
            firstReason = firstReason == 0 ? served.Reason : firstReason;
            return false;
        }

        return true;
    }

    /// <summary>Open settings of the chosen candidate, by column name.</summary>
    public static IReadOnlyDictionary<string, string> Chosen(RowPlan plan, int index)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (index < 0)
        {
            return result;
        }

        var d = plan.Candidates[index];
        foreach (string key in plan.OpenSettings)
        {
            result[key] = key switch
            {
                "weights" => d.WeightPrecision.ToId(),
                "kv_cache" => d.KvPrecision.ToId(),
                "isl" => Int(d.InputTokens),
                "osl" => Int(d.OutputTokens),
                "disaggregated" => d.Disaggregated != 0 ? "true" : "false",
                "gpus" => Int(d.Disaggregated != 0 ? d.PrefillGpus + d.DecodeGpus : d.InstanceGpus),
                "prefill_gpus" => Int(d.PrefillGpus),
                "decode_gpus" => Int(d.DecodeGpus),
                "decode_instances" => Int(ServingModel.DecodeInstances(d)),
                "tp" => Int(d.Tp),
                "dp" => Int(d.Dp),
                "ep" => Int(d.Ep),
                "mtp" => Int(d.MtpDraftTokens),
                "mtp_acceptance_length" => d.MtpAcceptanceLength.ToString("0.##", CultureInfo.InvariantCulture),
                "batch" => Int(d.Batch),
                _ => "?",
            };
        }

        return result;
    }

    /// <summary>Every metric of one feasible result, as the row's phase defines it.</summary>
    internal static void Metrics(in PackedResult r, in PackedDeployment d, MeasurementPhase phase, Span<double> into)
    {
        double isl = d.InputTokens, osl = d.OutputTokens;
        switch (phase)
        {
            case MeasurementPhase.Prefill:
            {
                // The pool's own rate: prompt tokens (cache hits included) per prefill GPU.
                double input = r.PrefillPoolInputTokSGpu;
                into[(int)MeasuredMetric.InputTokSGpu] = input;
                into[(int)MeasuredMetric.OutputTokSGpu] = input * osl / isl;
                into[(int)MeasuredMetric.TotalTokSGpu] = input * (isl + osl) / isl;
                into[(int)MeasuredMetric.TokSUser] = r.TokSUser;
                into[(int)MeasuredMetric.TpotMs] = r.TpotSeconds * 1e3;
                into[(int)MeasuredMetric.TtftS] = r.TtftSeconds;
                break;
            }

            case MeasurementPhase.Decode:
            {
                // The pool's own rate: decode steps alone, no prefill interference.
                double user = r.DecodePoolTokSUser;
                double output = r.DecodePoolTokSGpu;
                into[(int)MeasuredMetric.OutputTokSGpu] = output;
                into[(int)MeasuredMetric.InputTokSGpu] = output * isl / osl;
                into[(int)MeasuredMetric.TotalTokSGpu] = output * (isl + osl) / osl;
                into[(int)MeasuredMetric.TokSUser] = user;
                into[(int)MeasuredMetric.TpotMs] = 1e3 / user;
                into[(int)MeasuredMetric.TtftS] = r.TtftSeconds;
                break;
            }

            default:
                into[(int)MeasuredMetric.OutputTokSGpu] = r.OutputTokSGpu;
                into[(int)MeasuredMetric.InputTokSGpu] = r.InputTokSGpu;
                into[(int)MeasuredMetric.TotalTokSGpu] = r.TotalTokSGpu;
                into[(int)MeasuredMetric.TokSUser] = r.TokSUser;
                into[(int)MeasuredMetric.TpotMs] = r.TpotSeconds * 1e3;
                into[(int)MeasuredMetric.TtftS] = r.TtftSeconds;
                break;
        }
    }

    /// <summary>Whether two candidates share every field <see cref="ServingModel.Prepare"/> reads.</summary>
    private static bool SameLayout(in PackedDeployment a, in PackedDeployment b) =>
        a.InstanceGpus == b.InstanceGpus && a.Tp == b.Tp && a.Ep == b.Ep && a.Dp == b.Dp && a.Pp == b.Pp
        && a.Disaggregated == b.Disaggregated && a.PrefillGpus == b.PrefillGpus && a.DecodeGpus == b.DecodeGpus
        && a.WeightPrecision == b.WeightPrecision && a.KvPrecision == b.KvPrecision;

    /// <summary>Whether two candidates share every length field <see cref="ServingModel.PrepareLoad"/> reads.</summary>
    private static bool SameLengths(in PackedDeployment a, in PackedDeployment b) =>
        a.InputTokens == b.InputTokens && a.OutputTokens == b.OutputTokens && a.PrefixCacheHit == b.PrefixCacheHit
        && a.PrefillChunkTokens == b.PrefillChunkTokens;

    private static T[] Scratch<T>(ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = new T[Math.Max(length, 256)];
        }

        return buffer;
    }

    private static RowOutcome Best(double[] metrics, ReadOnlySpan<int> feasible, int metric, int sign)
    {
        int best = feasible[0];
        foreach (int i in feasible)
        {
            if (sign * metrics[(i * MetricCount) + metric] > sign * metrics[(best * MetricCount) + metric])
            {
                best = i;
            }
        }

        return new RowOutcome(metrics.AsSpan(best * MetricCount, MetricCount).ToArray(), best, null);
    }

    private static RowOutcome Frontier(RowPlan plan, double[] metrics, ReadOnlySpan<int> feasible)
    {
        int t = (int)plan.Throughput!.Value;
        const int u = (int)MeasuredMetric.TokSUser;

        // The Pareto frontier (tok/s/user and throughput both maximized) with the sweep engine's ParetoSet: ascending
        // tok/s/user, descending throughput; of exact duplicates the lowest candidate stays.
        var set = new ParetoSet();
        foreach (int i in feasible)
        {
            set.Add(metrics[(i * MetricCount) + u], metrics[(i * MetricCount) + t], i);
        }

        var frontier = new List<int>(set.Count);
        for (int k = 0; k < set.Count; k++)
        {
            frontier.Add((int)set.Index(k));
        }

        var row = plan.Row;
        double measuredUser = row.TokSUser ?? (1e3 / row.TpotMs!.Value);
        double measuredThroughput = row.Get((MeasuredMetric)t)!.Value;

        var (a, b, w) = Bracket(frontier, metrics, u, measuredUser);
        var predicted = new double[MetricCount];
        for (int k = 0; k < MetricCount; k++)
        {
            predicted[k] = LogLerp(metrics[(a * MetricCount) + k], metrics[(b * MetricCount) + k], w);
        }

        int chosen = w > 0 ? b : a;

        // tok/s/user at the measured throughput: the same frontier read the other way (throughput falls as tok/s/user rises).
        var (c, e, v) = Bracket(frontier, metrics, t, measuredThroughput, descending: true);
        double user = LogLerp(metrics[(c * MetricCount) + u], metrics[(e * MetricCount) + u], v);
        predicted[u] = user;
        predicted[(int)MeasuredMetric.TpotMs] = 1e3 / user;
        return new RowOutcome(predicted, chosen, null);
    }

    /// <summary>
    /// Neighbouring frontier points around a value of one metric and the log-space weight between them; clamps to the ends.
    /// The frontier is ordered by ascending <paramref name="metric"/> unless <paramref name="descending"/>.
    /// </summary>
    private static (int A, int B, double W) Bracket(List<int> frontier, double[] metrics, int metric, double value, bool descending = false)
    {
        double At(int k) => metrics[(frontier[descending ? frontier.Count - 1 - k : k] * MetricCount) + metric];
        int Index(int k) => frontier[descending ? frontier.Count - 1 - k : k];
        int last = frontier.Count - 1;
        if (value <= At(0))
        {
            return (Index(0), Index(0), 0);
        }

        if (value >= At(last))
        {
            return (Index(last), Index(last), 0);
        }

        int j = 0;
        while (At(j + 1) < value)
        {
            j++;
        }

        double lo = Math.Log(At(j)), hi = Math.Log(At(j + 1));
        double w = hi > lo ? (Math.Log(value) - lo) / (hi - lo) : 0;
        return (Index(j), Index(j + 1), w);
    }

    private static double LogLerp(double a, double b, double w) =>
        w <= 0 ? a : a > 0 && b > 0 ? Math.Exp(Math.Log(a) + (w * (Math.Log(b) - Math.Log(a)))) : a + (w * (b - a));

    private static string Int(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    private static double[] Nan()
    {
        var x = new double[MetricCount];
        Array.Fill(x, double.NaN);
        return x;
    }
}
