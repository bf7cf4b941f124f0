using TokenKernels.Physics;

namespace TokenKernels.Engine;

/// <summary>Frontier per group, exact, on the host.</summary>
internal struct FrontierSink(int groups) : IManagedSink
{
    public ParetoSet?[] Sets { get; } = new ParetoSet?[groups];

    public readonly bool Wants(long index, int group, double tokSUser, double outputTokSGpu) =>
        Sets[group] is not { } set || set.Takes(tokSUser, outputTokSGpu, index);

    public readonly void Add(long index, int group, in PackedResult result) =>
        (Sets[group] ??= new ParetoSet()).Add(result.TokSUser, result.OutputTokSGpu, index);
}

/// <summary>Lowest $/Mtok (InferenceX total) meeting a service level; ties to the lower index.</summary>
internal struct CheapestSink(double maxTtftSeconds, double minTokSUser, double minContext) : IManagedSink
{
    public readonly bool Wants(long index, int group, double tokSUser, double outputTokSGpu) => tokSUser >= minTokSUser;

    public double BestCost = double.PositiveInfinity;
    public long BestIndex = -1;

    public void Add(long index, int group, in PackedResult result)
    {
        if (ReductionMath.MeetsSla(result, maxTtftSeconds, minTokSUser, minContext)
            && (result.UsdPerMtokTotal < BestCost || (result.UsdPerMtokTotal == BestCost && index < BestIndex)))
        {
            BestCost = result.UsdPerMtokTotal;
            BestIndex = index;
        }
    }
}

/// <summary>Top k by a metric.</summary>
internal readonly struct TopKSink(int k, SweepMetric metric) : IManagedSink
{
    public bool Wants(long index, int group, double tokSUser, double outputTokSGpu) => true;

    public TopKSet Set { get; } = new(k, ReductionMath.HigherIsBetter(metric));

    public void Add(long index, int group, in PackedResult result) => Set.Add(ReductionMath.Metric(result, metric), index);
}

/// <summary>Every feasible point of a range, in index order.</summary>
internal readonly struct StreamSink() : IManagedSink
{
    public bool Wants(long index, int group, double tokSUser, double outputTokSGpu) => true;

    public List<(long Index, int Group, PackedResult Result)> Points { get; } = [];

    public void Add(long index, int group, in PackedResult result) => Points.Add((index, group, result));
}
