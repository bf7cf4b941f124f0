namespace TokenKernels;

/// <summary>
/// Pareto dominance among offers of the same model. Offer A dominates offer B when A is no worse on every dimension
/// (input price, cache-hit price, output price: lower; TTFT: lower; tok/s/user: higher; context window: larger) and
/// strictly better on at least one. Equal offers do not dominate each other.
/// </summary>
/// <remarks>
/// A dimension either offer leaves unknown makes the pair incomparable: nothing is claimed from a value nobody stated.
/// The cache-hit price of an offer without a discount is its miss price (<see cref="ProviderOffer.EffectiveCacheHitPrice"/>).
/// Offers of different models are never compared.
/// </remarks>
public static class OfferDominance
{
    /// <summary>Whether <paramref name="a"/> dominates <paramref name="b"/>.</summary>
    public static bool Dominates(ProviderOffer a, ProviderOffer b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!string.Equals(a.Model, b.Model, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Each pair as "lower is better": prices and TTFT as they are, speed and context negated.
        (double? A, double? B)[] dimensions =
        [
            (a.InputPrice?.Dollars, b.InputPrice?.Dollars),
            (a.EffectiveCacheHitPrice?.Dollars, b.EffectiveCacheHitPrice?.Dollars),
            (a.OutputPrice?.Dollars, b.OutputPrice?.Dollars),
            (a.Ttft?.Seconds, b.Ttft?.Seconds),
            (-a.TokSUser, -b.TokSUser),
            (-a.ContextTokens, -b.ContextTokens),
        ];
        bool strictly = false;
        foreach (var (x, y) in dimensions)
        {
            if (x is not { } va || y is not { } vb || va > vb)
            {
                return false;
            }

            strictly |= va < vb;
        }

        return strictly;
    }

    /// <summary>For each offer (same order), the indices of the offers that dominate it, ascending; empty when none does.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> DominatedBy(IReadOnlyList<ProviderOffer> offers)
    {
        ArgumentNullException.ThrowIfNull(offers);
        var result = new IReadOnlyList<int>[offers.Count];
        for (int i = 0; i < offers.Count; i++)
        {
            var by = new List<int>();
            for (int j = 0; j < offers.Count; j++)
            {
                if (j != i && Dominates(offers[j], offers[i]))
                {
                    by.Add(j);
                }
            }

            result[i] = by;
        }

        return result;
    }
}
