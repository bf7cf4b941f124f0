using ILGPU;
using TokenKernels.Engine;
using TokenKernels.Physics;

namespace TokenKernels.Kernels;

/// <summary>Frontier pass 1: per group and tok/s/user bin, the largest output tok/s/GPU (as int64 bits, Atomic.Max).</summary>
internal struct FrontierBinSink : IPointSink
{
    public ArrayView<long> BinMax;

    public readonly void Add(long index, int group, in PackedResult result) =>
        Atomic.Max(ref BinMax[(group * ReductionMath.FrontierBins) + ReductionMath.UserBin(result.TokSUser)], ReductionMath.Bits(result.OutputTokSGpu));
}

/// <summary>
/// Frontier pass 2: emit a point unless a point of a higher tok/s/user bin (strictly more tok/s/user) has more output
/// tok/s/GPU: such a point is dominated, so every frontier point is emitted. Both of the point's values are first moved
/// up by <see cref="ReductionMath.DeviceSlack"/> (a higher bin has a lower threshold), so a point on the host's frontier
/// is emitted even where the device's rounding differs from the host's.
/// </summary>
internal struct FrontierEmitSink : IPointSink
{
    public ArrayView<long> Thresholds;
    public ArrayView<long> Candidates;
    public ArrayView<long> Counters;

    public readonly void Add(long index, int group, in PackedResult result)
    {
        const double Up = 1 + ReductionMath.DeviceSlack;
        if (ReductionMath.Bits(result.OutputTokSGpu * Up) >= Thresholds[(group * ReductionMath.FrontierBins) + ReductionMath.UserBin(result.TokSUser * Up)])
        {
            Emit(Candidates, Counters, index);
        }
    }

    /// <summary>Appends an index; slots past the buffer are counted but dropped (the host sizes the buffer to the launch).</summary>
    public static void Emit(ArrayView<long> candidates, ArrayView<long> counters, long index)
    {
        long slot = Atomic.Add(ref counters[1], 1L);
        if (slot < candidates.Length)
        {
            candidates[slot] = index;
        }
    }
}

/// <summary>Top-k pass 1: how many points fall in each rank bin of the metric.</summary>
internal struct MetricHistogramSink : IPointSink
{
    public ArrayView<long> Counts;
    public SweepMetric Metric;

    public readonly void Add(long index, int group, in PackedResult result) =>
        Atomic.Add(ref Counts[ReductionMath.MetricBin(ReductionMath.Metric(result, Metric), Metric)], 1L);
}

/// <summary>Top-k pass 2: emit points in the threshold bin or better, after moving the value toward better by <see cref="ReductionMath.DeviceSlack"/>.</summary>
internal struct MetricEmitSink : IPointSink
{
    public ArrayView<long> Candidates;
    public ArrayView<long> Counters;
    public SweepMetric Metric;
    public int ThresholdBin;

    public readonly void Add(long index, int group, in PackedResult result)
    {
        if (ReductionMath.MetricBin(ReductionMath.Favoured(ReductionMath.Metric(result, Metric), Metric), Metric) >= ThresholdBin)
        {
            FrontierEmitSink.Emit(Candidates, Counters, index);
        }
    }
}

/// <summary>
/// Cheapest pass 1: each thread's lowest cost meeting the service level narrowed by <see cref="ReductionMath.DeviceSlack"/>
/// (so the host agrees that point qualifies), kept in registers; the kernel then takes one Atomic.Min over the threads.
/// </summary>
internal struct CheapestDeviceSink : IPointSink
{
    public double MaxTtftSeconds;
    public double MinTokSUser;
    public double MinContext;
    public double BestCost;

    public void Add(long index, int group, in PackedResult result)
    {
        if (ReductionMath.MeetsSlaWithin(result, MaxTtftSeconds, MinTokSUser, MinContext, -ReductionMath.DeviceSlack) && result.UsdPerMtokTotal < BestCost)
        {
            BestCost = result.UsdPerMtokTotal;
        }
    }
}

/// <summary>
/// Cheapest pass 2: emit every point that meets the service level widened by <see cref="ReductionMath.DeviceSlack"/> and
/// costs at most pass 1's best plus the slack; the host recomputes them and keeps the cheapest (ties to the lower index).
/// </summary>
internal struct CheapestEmitSink : IPointSink
{
    public ArrayView<long> Candidates;
    public ArrayView<long> Counters;
    public double MaxTtftSeconds;
    public double MinTokSUser;
    public double MinContext;
    public double BestCost;

    public readonly void Add(long index, int group, in PackedResult result)
    {
        if (ReductionMath.MeetsSlaWithin(result, MaxTtftSeconds, MinTokSUser, MinContext, ReductionMath.DeviceSlack)
            && result.UsdPerMtokTotal * (1 - ReductionMath.DeviceSlack) <= BestCost)
        {
            FrontierEmitSink.Emit(Candidates, Counters, index);
        }
    }
}

/// <summary>Every feasible point's flag and full result, at its offset in the launch (streaming copies back only the flags).</summary>
internal struct StreamDeviceSink : IPointSink
{
    public ArrayView<PackedResult> Results;
    public ArrayView<int> Feasible;
    public long Start;

    public readonly void Add(long index, int group, in PackedResult result)
    {
        Results[index - Start] = result;
        Feasible[index - Start] = 1;
    }
}
