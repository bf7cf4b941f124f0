namespace TokenKernels;

/// <summary>
/// What to simulate: one serving configuration (its <see cref="Deployment.Batch"/> is the batch limit), request lengths
/// capped by the context window, and the load levels to run it at, each with several seeds.
/// </summary>
public sealed record LoadSimulation
{
    /// <summary>The accelerator.</summary>
    public required HardwareSpec Hardware { get; init; }

    /// <summary>The model.</summary>
    public required ModelSpec Model { get; init; }

    /// <summary>Layout, precisions, MTP, serving mode; <see cref="Deployment.Batch"/> is the most sequences a decode instance holds.</summary>
    public required Deployment Deployment { get; init; }

    /// <summary>Request lengths (a <see cref="LengthDistribution.WithContextCap"/> cap applies as given).</summary>
    public required LengthDistribution Lengths { get; init; }

    /// <summary>One arrival process per load level (rates, a concurrency, or a trace).</summary>
    public required IReadOnlyList<ArrivalProcess> Loads { get; init; }

    /// <summary>Fraction 0-1 of prompt tokens served from a prefix cache.</summary>
    public double PrefixCacheHit { get; init; }

    /// <summary>Requests each seed simulates (a trace replays its own count).</summary>
    public int RequestsPerSeed { get; init; } = 2000;

    /// <summary>Independent replicas (seeds) per load level.</summary>
    public int Seeds { get; init; } = 4;

    /// <summary>First seed; seed i of a load level uses <see cref="Seed"/> + i.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Achieved efficiencies; null = <c>EfficiencyProfile.Default</c>, the shipped calibration.</summary>
    public EfficiencyProfile? Profile { get; init; }

    /// <summary>GPU-hour price; null = the hardware's catalog price.</summary>
    public Prices? Prices { get; init; }

    /// <summary>Service level for goodput and the highest rate meeting it: P90 TTFT at most this (seconds); null = no limit.</summary>
    public double? MaxTtftSeconds { get; init; }

    /// <summary>Service level: median tok/s per user (1 / TPOT P50) at least this; null = no limit.</summary>
    public double? MinTokSUser { get; init; }
}
