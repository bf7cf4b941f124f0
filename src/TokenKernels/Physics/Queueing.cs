namespace TokenKernels.Physics;

/// <summary>
/// Time to first token under an open (Poisson) arrival stream at a share of a configuration's capacity, in closed form.
/// Kernel-safe. Two stations in series: batch slots (c = sequences the configuration holds, each held for its service
/// time: an M/G/c queue by Sakasegawa's approximation, exact as M/G/1 (Pollaczek-Khinchine) at c = 1), then prefill
/// (one server: the pool, or the instance's prefill turns, at its packed throughput: M/G/1). Each station's wait is 0
/// with probability 1 - P(wait) and exponential beyond it (the heavy-traffic tail), so its q-quantile is
/// mean / P(wait) x ln(P(wait) / (1 - q)); the TTFT quantile is the unloaded TTFT plus the two stations' quantiles
/// (an upper bound on the quantile of their sum, exact when one station dominates).
/// </summary>
internal static class Queueing
{
    /// <summary>
    /// Mean wait in an M/G/c queue (Sakasegawa 1977): Lq = rho^sqrt(2(c+1)) / (1 - rho) x (1 + scv) / 2, Wq = Lq / lambda
    /// with lambda = c x rho / service. Infinite at rho &gt;= 1; 0 at rho &lt;= 0.
    /// </summary>
    /// <param name="utilisation">rho, the share of the servers busy.</param>
    /// <param name="servers">c, at least 1.</param>
    /// <param name="serviceSeconds">Mean service time.</param>
    /// <param name="serviceScv">Squared coefficient of variation of the service time (0 = deterministic, 1 = exponential).</param>
    public static double MeanWait(double utilisation, double servers, double serviceSeconds, double serviceScv)
    {
        if (utilisation <= 0)
        {
            return 0;
        }

        if (utilisation >= 1)
        {
            return double.PositiveInfinity;
        }

        double c = Math.Max(1.0, servers);
        double queueLength = KernelMath.Pow(utilisation, Math.Sqrt(2.0 * (c + 1.0))) / (1.0 - utilisation) * (1.0 + serviceScv) / 2.0;
        return queueLength * serviceSeconds / (c * utilisation);
    }

    /// <summary>Probability an arrival waits at all: rho^(sqrt(2(c+1)) - 1) (Erlang C under Sakasegawa; rho at c = 1).</summary>
    public static double WaitProbability(double utilisation, double servers)
    {
        if (utilisation <= 0)
        {
            return 0;
        }

        return utilisation >= 1 ? 1.0 : KernelMath.Pow(utilisation, Math.Sqrt(2.0 * (Math.Max(1.0, servers) + 1.0)) - 1.0);
    }

    /// <summary>
    /// The q-quantile of a wait that is 0 with probability 1 - p and exponential with mean <paramref name="mean"/> / p
    /// beyond: mean / p x ln(p / (1 - q)) when p &gt; 1 - q, else 0.
    /// </summary>
    public static double WaitQuantile(double mean, double waitProbability, double quantile)
    {
        if (!(mean < double.PositiveInfinity))
        {
            return double.PositiveInfinity;
        }

        double tail = 1.0 - quantile;
        return waitProbability > tail && mean > 0 ? mean / waitProbability * KernelMath.Log(waitProbability / tail) : 0;
    }

    /// <summary>The q-quantile of one station's wait at a utilisation.</summary>
    public static double StationQuantile(double utilisation, double servers, double serviceSeconds, double serviceScv, double quantile) =>
        WaitQuantile(MeanWait(utilisation, servers, serviceSeconds, serviceScv), WaitProbability(utilisation, servers), quantile);

    /// <summary>
    /// Sequences an instance holds on average when requests arrive at <paramref name="arrivalRate"/> and each holds a
    /// slot for fixed + perSequence x occupancy seconds (a decode step grows about linearly with the batch): the fixed
    /// point of Little's law b = rate x (fixed + perSequence x b), at most <paramref name="batch"/>.
    /// </summary>
    public static double Occupancy(double arrivalRate, double fixedSeconds, double perSequenceSeconds, double batch)
    {
        double room = 1.0 - (arrivalRate * perSequenceSeconds);
        return room > 0 ? Math.Min(batch, arrivalRate * fixedSeconds / room) : batch;
    }

    /// <summary>
    /// The utilisation TTFT at load is computed at: <paramref name="load"/> when given, else an offered
    /// <paramref name="rate"/> (requests/s) over the configuration's capacity (1 or more: saturated); 0 when neither.
    /// </summary>
    public static double OfferedLoad(double load, double rate, double capacityRequestsPerSecond) =>
        rate > 0 ? rate / capacityRequestsPerSecond : load;

    /// <summary>
    /// Fills the P50 and P90 TTFT at <paramref name="load"/> (a share of the capacity the result reports) and, at load
    /// 1 or more, flags <paramref name="bottleneck"/> saturated with an infinite TTFT. Nothing when load is 0 (not given).
    /// Below capacity an instance holds fewer sequences than its batch, so steps are shorter: the slots' utilisation
    /// and holding time come from <see cref="Occupancy"/>, not from the full batch.
    /// </summary>
    /// <param name="r">The result to fill.</param>
    /// <param name="load">Offered rate / the configuration's request rate at capacity.</param>
    /// <param name="unloadedTtft">TTFT of a request that finds every queue empty.</param>
    /// <param name="instances">Decode instances, each with <paramref name="batch"/> slots, fed from one queue.</param>
    /// <param name="batch">Slots (sequences) per instance.</param>
    /// <param name="arrivalPerInstance">Requests per second reaching one instance at this load.</param>
    /// <param name="slotFixedSeconds">Time a request holds a slot, the part independent of the occupancy.</param>
    /// <param name="slotPerSequenceSeconds">Time a request holds a slot per sequence the instance holds.</param>
    /// <param name="prefillSeconds">Prefill time one request takes of the prefill server at its packed throughput.</param>
    /// <param name="prefillShare">Prefill server utilisation at capacity.</param>
    /// <param name="bottleneck"><see cref="SaturatedPool"/> code of the queue that sets the capacity.</param>
    public static void AtLoad(
        ref PackedResult r,
        double load,
        double unloadedTtft,
        double instances,
        double batch,
        double arrivalPerInstance,
        double slotFixedSeconds,
        double slotPerSequenceSeconds,
        double prefillSeconds,
        double prefillShare,
        int bottleneck)
    {
        if (load <= 0)
        {
            return;
        }

        r.OfferedLoad = load;
        if (load >= 1)
        {
            r.Saturated = bottleneck;
            r.TtftP50AtLoadSeconds = double.PositiveInfinity;
            r.TtftP90AtLoadSeconds = double.PositiveInfinity;
            return;
        }

        // Fixed lengths: deterministic service (scv 0).
        double occupancy = Occupancy(arrivalPerInstance, slotFixedSeconds, slotPerSequenceSeconds, batch);
        double slotRho = occupancy / batch;
        double slotSeconds = slotFixedSeconds + (slotPerSequenceSeconds * occupancy);
        double slots = instances * batch;
        double prefillRho = load * prefillShare;
        r.TtftP50AtLoadSeconds = unloadedTtft + StationQuantile(slotRho, slots, slotSeconds, 0, 0.5) + StationQuantile(prefillRho, 1, prefillSeconds, 0, 0.5);
        r.TtftP90AtLoadSeconds = unloadedTtft + StationQuantile(slotRho, slots, slotSeconds, 0, 0.9) + StationQuantile(prefillRho, 1, prefillSeconds, 0, 0.9);
    }
}
