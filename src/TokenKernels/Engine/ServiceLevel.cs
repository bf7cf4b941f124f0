namespace TokenKernels;

/// <summary>
/// A service-level objective for <see cref="SweepEngine.Cheapest"/>: TTFT at most <see cref="MaxTtft"/>, tok/s/user at
/// least <see cref="MinTokSUser"/>, and room for at least <see cref="MinContext"/> tokens per sequence at the batch
/// (<see cref="ServingPoint.MaxContext"/> &gt;= it).
/// </summary>
public sealed record ServiceLevel
{
    /// <summary>Longest acceptable time to first token.</summary>
    public required Duration MaxTtft { get; init; }

    /// <summary>Slowest acceptable output tokens per second per user.</summary>
    public required double MinTokSUser { get; init; }

    /// <summary>Context each sequence of the batch must be able to hold; 0 = no requirement beyond the request itself.</summary>
    public int MinContext { get; init; }

    /// <exception cref="ArgumentException">A bound is negative or not a number.</exception>
    internal void Validate()
    {
        if (!(MaxTtft.Seconds > 0))
        {
            throw new ArgumentException($"MaxTtft must be positive (was {MaxTtft.Seconds} s).", nameof(MaxTtft));
        }

        if (!(MinTokSUser >= 0) || double.IsInfinity(MinTokSUser))
        {
            throw new ArgumentException($"MinTokSUser must be finite and at least 0 (was {MinTokSUser}).", nameof(MinTokSUser));
        }

        if (MinContext < 0)
        {
            throw new ArgumentException($"MinContext must be at least 0 (was {MinContext}).", nameof(MinContext));
        }
    }
}
