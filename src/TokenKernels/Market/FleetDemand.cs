namespace TokenKernels;

/// <summary>A day of traffic: tokens in (with the share served from the prompt cache) and tokens out, and how peaky it is.</summary>
public sealed record FleetDemand
{
    /// <summary>Input (prompt) tokens per day, cache hits included.</summary>
    public required double InputTokensPerDay { get; init; }

    /// <summary>Share 0-1 of input tokens served from the prompt (KV) cache.</summary>
    public double CacheHitShare { get; init; }

    /// <summary>Output tokens per day.</summary>
    public required double OutputTokensPerDay { get; init; }

    /// <summary>Peak rate / average rate over the day (1 = flat, or a fleet that scales down at night); the fleet is sized for the peak.</summary>
    public double PeakToAverage { get; init; } = 1;

    /// <summary>Checks every quantity (the fleet planner does so too; callers that build a demand from user input check it first to name the input).</summary>
    /// <exception cref="ArgumentException">A quantity is out of range; ParamName names the property.</exception>
    public void Validate()
    {
        if (!(InputTokensPerDay >= 0 && double.IsFinite(InputTokensPerDay)))
        {
            throw new ArgumentException($"Input tokens per day must be finite and at least 0 (was {InputTokensPerDay}).", nameof(InputTokensPerDay));
        }

        if (!(OutputTokensPerDay > 0 && double.IsFinite(OutputTokensPerDay)))
        {
            throw new ArgumentException($"Output tokens per day must be positive (was {OutputTokensPerDay}).", nameof(OutputTokensPerDay));
        }

        if (!(CacheHitShare >= 0 && CacheHitShare < 1))
        {
            throw new ArgumentException($"The cache-hit share must be in [0, 1) (was {CacheHitShare}).", nameof(CacheHitShare));
        }

        if (!(PeakToAverage >= 1 && double.IsFinite(PeakToAverage)))
        {
            throw new ArgumentException($"Peak-to-average must be at least 1 (was {PeakToAverage}).", nameof(PeakToAverage));
        }
    }
}
