namespace TokenKernels;

/// <summary>List prices per million tokens by token class: input served from the prompt cache, other input, output.</summary>
/// <param name="CacheHit">Per million input tokens served from the prompt cache.</param>
/// <param name="CacheMiss">Per million other input tokens.</param>
/// <param name="Output">Per million output tokens.</param>
public sealed record TokenPrices(Usd CacheHit, Usd CacheMiss, Usd Output)
{
    /// <summary>
    /// Price x quantity for a day: (input x hit share x hit price + input x (1 - hit share) x miss price + output x output
    /// price) / 1e6.
    /// </summary>
    public Usd RevenuePerDay(FleetDemand demand)
    {
        ArgumentNullException.ThrowIfNull(demand);
        double hits = demand.InputTokensPerDay * demand.CacheHitShare;
        double misses = demand.InputTokensPerDay - hits;
        return new Usd(((hits * CacheHit.Dollars) + (misses * CacheMiss.Dollars) + (demand.OutputTokensPerDay * Output.Dollars)) / 1e6);
    }
}
