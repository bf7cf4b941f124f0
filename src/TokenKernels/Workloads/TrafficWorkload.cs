namespace TokenKernels;

/// <summary>What traffic a replica sees: when requests arrive, how long they are, and how much of each prompt a prefix cache holds.</summary>
public sealed record TrafficWorkload
{
    /// <summary>Arrival process.</summary>
    public required ArrivalProcess Arrivals { get; init; }

    /// <summary>Request lengths (with the context window as their cap). A trace arrival process replays its own lengths.</summary>
    public required LengthDistribution Lengths { get; init; }

    /// <summary>Fraction 0-1 of prompt tokens served from a prefix cache (not prefilled).</summary>
    public double PrefixCacheHit { get; init; }

    /// <summary>Checks the hit rate is a fraction.</summary>
    /// <exception cref="ArgumentException">PrefixCacheHit outside [0, 1).</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Arrivals);
        ArgumentNullException.ThrowIfNull(Lengths);
        if (!(PrefixCacheHit >= 0 && PrefixCacheHit < 1))
        {
            throw new ArgumentException($"PrefixCacheHit must be in [0, 1) (was {PrefixCacheHit}).", nameof(PrefixCacheHit));
        }
    }
}
