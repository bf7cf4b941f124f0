namespace TokenKernels;

/// <summary>The requests: tokens in, tokens out, and how much of the prompt a prefix cache already holds.</summary>
public sealed record Workload
{
    /// <summary>Input (prompt) tokens per request.</summary>
    public required int InputTokens { get; init; }

    /// <summary>Output (generated) tokens per request.</summary>
    public required int OutputTokens { get; init; }

    /// <summary>Fraction 0-1 of input tokens served from a prefix cache (not prefilled again).</summary>
    public double PrefixCacheHit { get; init; }

    /// <summary>
    /// Offered load for TTFT under load: requests arrive (Poisson) at this share, 0 to 1 exclusive, of the configuration's
    /// capacity (its request rate at full batch); 0 = not given.
    /// </summary>
    public double Load { get; init; }

    /// <summary>Checks lengths are positive and the hit rate is a fraction.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (InputTokens < 1)
        {
            throw new ArgumentException($"InputTokens must be at least 1 (was {InputTokens}).", nameof(InputTokens));
        }

        if (OutputTokens < 1)
        {
            throw new ArgumentException($"OutputTokens must be at least 1 (was {OutputTokens}).", nameof(OutputTokens));
        }

        if (!(PrefixCacheHit >= 0 && PrefixCacheHit < 1))
        {
            throw new ArgumentException($"PrefixCacheHit must be in [0, 1) (was {PrefixCacheHit}).", nameof(PrefixCacheHit));
        }

        if (!(Load >= 0 && Load < 1))
        {
            throw new ArgumentException($"Load must be in [0, 1) (was {Load}).", nameof(Load));
        }
    }
}
