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
/// tok/s/GPU: such a point is dominated, so every frontier point is emitted.
/// </summary>
internal struct FrontierEmitSink : IPointSink
{
    public ArrayView<long> Thresholds;
    public ArrayView<long> Candidates;
    public ArrayView<long> Counters;

    public readonly void Add(long index, int group, in PackedResult result)
    {
        if (ReductionMath.Bits(result.OutputTokSGpu) >= Thresholds[(group * ReductionMath.FrontierBins) + ReductionMath.UserBin(result.TokSUser)])
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
    public int Metric;

    public readonly void Add(long index, int group, in PackedResult result) =>
        Atomic.Add(ref Counts[ReductionMath.MetricBin(ReductionMath.Metric(result, Metric), Metric)], 1L);
}

/// <summary>Top-k pass 2: emit points in the threshold bin or better.</summary>
internal struct MetricEmitSink : IPointSink
{
    public ArrayView<long> Candidates;
    public ArrayView<long> Counters;
    public int Metric;
    public int ThresholdBin;

    public readonly void Add(long index, int group, in PackedResult result)
    {
        if (ReductionMath.MetricBin(ReductionMath.Metric(result, Metric), Metric) >= ThresholdBin)
        {
            FrontierEmitSink.Emit(Candidates, Counters, index);
        }
    }
}

/// <summary>Each thread's cheapest point meeting the service level, kept in registers and written once.</summary>
internal struct CheapestDeviceSink : IPointSink
{
    public double MaxTtftSeconds;
    public double MinTokSUser;
    public double MinContext;
    public double BestCost;
    public long BestIndex;

    public void Add(long index, int group, in PackedResult result)
    {
        if (ReductionMath.MeetsSla(result, MaxTtftSeconds, MinTokSUser, MinContext) && result.UsdPerMtokTotal < BestCost)
        {
            // Indices arrive in increasing order within a thread, so a strict < keeps the lowest index of a tie.
            BestCost = result.UsdPerMtokTotal;
            BestIndex = index;
        }
    }
}

/// <summary>Every feasible point's full result, at its offset in the launch.</summary>
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
