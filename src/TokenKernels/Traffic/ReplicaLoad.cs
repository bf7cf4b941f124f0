using TokenKernels.Workloads;

namespace TokenKernels.Traffic;

/// <summary>What one replica is fed (blittable): arrivals, lengths, how many requests, and its random stream.</summary>
internal struct ReplicaLoad
{
    /// <summary><see cref="ArrivalKind"/> code.</summary>
    public int ArrivalKind;
    public double RatePerSecond;

    /// <summary>Gamma shape 1 / cv^2 (1 = Poisson).</summary>
    public double GammaShape;
    public int Concurrency;

    /// <summary>Requests to simulate.</summary>
    public int Requests;

    /// <summary>Trace arrivals: offset of the arrival times in the table (trace kind).</summary>
    public int TraceOffset;
    public int TraceCount;
    public PackedLengths Lengths;
    public double PrefixCacheHit;
    public ulong Seed;

    /// <summary>The replica's key: streams 2 x key (lengths) and 2 x key + 1 (arrivals).</summary>
    public ulong Stream;
}
