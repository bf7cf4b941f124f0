namespace TokenKernels.Traffic;

/// <summary>Turns the request records of a load level's replicas into a <see cref="LoadPoint"/>.</summary>
internal static class LoadStatistics
{
    /// <summary>
    /// Pools the steady window of each replica: requests with index in [n/10, n - n/10) for latencies; times from the
    /// arrival of request n/10 to that of request n - n/10 - 1 for rates and the time-average in system. A replica is
    /// saturated when completions in that window fall short of arrivals by over 10% and the late requests' median TTFT is
    /// over twice the early ones' (the queue grows).
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
            double t0 = Arrival(w), t1 = Arrival(last);
            double span = t1 - t0;
            int arrivedInWindow = last - w, completedInWindow = 0;
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
            saturated |= open && arrivedInWindow - completedInWindow > 0.1 * arrivedInWindow && Quantile(late, 0.5) > 2 * Quantile(early, 0.5);
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
            TtftMean = saturated || ttft.Count == 0 ? null : ttft.Average(),
            TpotP50 = Latency(saturated, tpot, 0.5),
            TpotP90 = Latency(saturated, tpot, 0.9),
            TpotP99 = Latency(saturated, tpot, 0.99),
            TpotMean = saturated || tpot.Count == 0 ? null : tpot.Average(),
            E2eMean = saturated || e2e.Count == 0 ? null : e2e.Average(),
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

    /// <summary>The q quantile (nearest rank) of <paramref name="values"/>, sorting it in place; NaN when empty.</summary>
    public static double Quantile(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        int rank = (int)Math.Ceiling(q * values.Count) - 1;
        return values[Math.Clamp(rank, 0, values.Count - 1)];
    }

    private static double? Latency(bool saturated, List<double> values, double q) => saturated || values.Count == 0 ? null : Quantile(values, q);
}
