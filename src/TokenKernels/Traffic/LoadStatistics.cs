using System.Runtime.InteropServices;

namespace TokenKernels.Traffic;

/// <summary>Turns the request records of a load level's replicas into a <see cref="LoadPoint"/>.</summary>
internal static class LoadStatistics
{
    /// <summary>
    /// Pools the steady window of each replica: requests with index in [n/10, n - n/10) for latencies; the time from the
    /// (n/10)-th to the (n - n/10)-th completion for rates and the time-average in system. An open-loop replica is
    /// saturated when requests arrive over 10% faster than that window completes them and the late requests' median TTFT
    /// is over twice the early ones' (the queue grows).
    /// </summary>
    public static LoadPoint Point(
        ArrivalProcess arrivals, IReadOnlyList<(double[] Records, int Offset, int Count, ReplicaSummary Summary)> replicas,
        double kvCapacityTokens, double gpus, double usdPerGpuHour, double? maxTtft, double? minTokSUser)
    {
        var ttft = new List<double>();
        var tpot = new List<double>();
        var e2e = new List<double>();
        double rate = 0, input = 0, output = 0, good = 0, inSystem = 0, kv = 0, preemptions = 0, simulated = 0;
        bool saturated = false;
        int used = 0;
        foreach (var (records, offset, n, summary) in replicas)
        {
            simulated += n;
            preemptions += summary.Preemptions;
            kv += summary.EndSeconds > 0 ? summary.KvTokenSeconds / (summary.EndSeconds * kvCapacityTokens) : 0;
            if (summary.Failure != 0 || n < 20)
            {
                saturated |= summary.Failure == 2;
                continue;
            }

            int w = n / 10;
            int last = n - w - 1;
            double Arrival(int i) => records[offset + (i * ReplicaSimulation.RecordFields)];
            double First(int i) => records[offset + (i * ReplicaSimulation.RecordFields) + 1];
            double Done(int i) => records[offset + (i * ReplicaSimulation.RecordFields) + 2];
            double In(int i) => records[offset + (i * ReplicaSimulation.RecordFields) + 3];
            double Out(int i) => records[offset + (i * ReplicaSimulation.RecordFields) + 4];
            // Rates over the completions of the steady window (arrival times would cover only the start of an overloaded run).
            var doneTimes = new double[n];
            for (int i = 0; i < n; i++)
            {
                doneTimes[i] = Done(i);
            }

            double t0 = Select(doneTimes, w), t1 = Select(doneTimes, last);
            double span = t1 - t0;
            int completedInWindow = 0;
            double arrivalRate = Arrival(last) > Arrival(w) ? (last - w) / (Arrival(last) - Arrival(w)) : double.PositiveInfinity;

            double windowIn = 0, windowOut = 0, windowGood = 0, overlap = 0;
            for (int i = 0; i < n; i++)
            {
                double done = Done(i);
                if (done >= t0 && done <= t1)
                {
                    completedInWindow++;
                    windowIn += In(i);
                    windowOut += Out(i);
                    double tp = Out(i) > 1 ? (done - First(i)) / (Out(i) - 1) : 0;
                    bool ok = (maxTtft is not { } mt || First(i) - Arrival(i) <= mt) && (minTokSUser is not { } mu || tp <= 0 || 1.0 / tp >= mu);
                    windowGood += ok ? 1 : 0;
                }

                overlap += Math.Max(0, Math.Min(done, t1) - Math.Max(Arrival(i), t0));
            }

            var early = new List<double>();
            var late = new List<double>();
            for (int i = w; i < n - w; i++)
            {
                double f = First(i) - Arrival(i);
                ttft.Add(f);
                e2e.Add(Done(i) - Arrival(i));
                if (Out(i) > 1)
                {
                    tpot.Add((Done(i) - First(i)) / (Out(i) - 1));
                }

                if (i < w + ((n - (2 * w)) / 4))
                {
                    early.Add(f);
                }
                else if (i >= n - w - ((n - (2 * w)) / 4))
                {
                    late.Add(f);
                }
            }

            bool open = arrivals.Kind is ArrivalKind.Poisson or ArrivalKind.Gamma;
            saturated |= open && span > 0 && arrivalRate > 1.1 * completedInWindow / span && Quantile(late, 0.5) > 2 * Quantile(early, 0.5);
            if (span > 0)
            {
                used++;
                rate += completedInWindow / span;
                input += windowIn / span;
                output += windowOut / span;
                good += windowGood / span;
                inSystem += overlap / span;
            }
        }

        // Means in request order, before the quantiles reorder the lists.
        double? ttftMean = saturated || ttft.Count == 0 ? null : ttft.Average();
        double? tpotMean = saturated || tpot.Count == 0 ? null : tpot.Average();
        double? e2eMean = saturated || e2e.Count == 0 ? null : e2e.Average();
        int seeds = replicas.Count;
        double k = Math.Max(1, used);
        double outputPerGpu = output / k / gpus;
        return new LoadPoint
        {
            Rate = arrivals.Kind == ArrivalKind.ClosedLoop ? null : arrivals.RatePerSecond,
            Concurrency = arrivals.Kind == ArrivalKind.ClosedLoop ? arrivals.Concurrency : null,
            Saturated = saturated,
            TtftP50 = Latency(saturated, ttft, 0.5),
            TtftP90 = Latency(saturated, ttft, 0.9),
            TtftP99 = Latency(saturated, ttft, 0.99),
            TtftMean = ttftMean,
            TpotP50 = Latency(saturated, tpot, 0.5),
            TpotP90 = Latency(saturated, tpot, 0.9),
            TpotP99 = Latency(saturated, tpot, 0.99),
            TpotMean = tpotMean,
            E2eMean = e2eMean,
            E2eP50 = Latency(saturated, e2e, 0.5),
            E2eP99 = Latency(saturated, e2e, 0.99),
            RequestsPerSecond = rate / k,
            InputTokSGpu = input / k / gpus,
            OutputTokSGpu = outputPerGpu,
            GoodputRequestsPerSecond = good / k,
            MeanInSystem = inSystem / k,
            KvUtilization = kv / Math.Max(1, seeds),
            Preemptions = preemptions / Math.Max(1, seeds),
            UsdPerMtokOutput = usdPerGpuHour > 0 && outputPerGpu > 0 ? usdPerGpuHour / 3600.0 / outputPerGpu * 1e6 : null,
            Seeds = seeds,
            SimulatedRequests = (long)simulated,
        };
    }

    /// <summary>The q quantile (nearest rank) of <paramref name="values"/>, reordering them (a selection, not a sort); NaN when empty.</summary>
    public static double Quantile(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        int rank = (int)Math.Ceiling(q * values.Count) - 1;
        return Select(CollectionsMarshal.AsSpan(values), Math.Clamp(rank, 0, values.Count - 1));
    }

    /// <summary>
    /// The k-th smallest of <paramref name="v"/> (from 0), which it moves to index k with no larger value before it and
    /// no smaller one after (Hoare's selection, median-of-three pivot): expected O(n), where sorting is O(n log n).
    /// </summary>
    public static double Select(Span<double> v, int k)
    {
        int lo = 0, hi = v.Length - 1;
        while (hi > lo)
        {
            int mid = lo + ((hi - lo) / 2);
            if (v[mid] < v[lo])
            {
                (v[mid], v[lo]) = (v[lo], v[mid]);
            }

            if (v[hi] < v[lo])
            {
                (v[hi], v[lo]) = (v[lo], v[hi]);
            }

            if (v[hi] < v[mid])
            {
                (v[hi], v[mid]) = (v[mid], v[hi]);
            }

            double pivot = v[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (v[i] < pivot)
                {
                    i++;
                }

                while (v[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (v[i], v[j]) = (v[j], v[i]);
                    i++;
                    j--;
                }
            }

            // Now v[lo..j] <= pivot <= v[i..hi], and anything between equals the pivot.
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }

        return v[k];
    }

    private static double? Latency(bool saturated, List<double> values, double q) => saturated || values.Count == 0 ? null : Quantile(values, q);
}
