namespace TokenKernels;

/// <summary>
/// Pareto dominance among offers of the same model. Offer A dominates offer B when A is no worse on every dimension
/// both offers state (input price, cache-hit price, output price: lower; TTFT: lower; tok/s/user: higher; context
/// window: larger) and strictly better on at least one of them. Equal offers do not dominate each other.
/// </summary>
/// <remarks>
/// A dimension either offer leaves unknown is left out of the comparison (published offers rarely state every figure:
/// a price page gives prices and context, a benchmark gives speed), so a claim rests only on values both sources state;
/// <see cref="SharedDimensions"/> names them. A pair sharing no dimension is never compared.
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

        bool strictly = false;
        foreach (var (_, x, y) in Dimensions(a, b))
        {
            if (x is not { } va || y is not { } vb)
            {
                continue;
            }

            if (va > vb)
            {
                return false;
            }

            strictly |= va < vb;
        }

        return strictly;
    }

    /// <summary>The dimensions both offers state (the ones <see cref="Dominates"/> compares), by name.</summary>
    public static IReadOnlyList<string> SharedDimensions(ProviderOffer a, ProviderOffer b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return [.. Dimensions(a, b).Where(d => d.A is not null && d.B is not null).Select(d => d.Name)];
    }

    // Each pair as "lower is better": prices and TTFT as they are, speed and context negated.
    private static (string Name, double? A, double? B)[] Dimensions(ProviderOffer a, ProviderOffer b) =>
    [
        ("input price", a.InputPrice?.Dollars, b.InputPrice?.Dollars),
        ("cache-hit price", a.EffectiveCacheHitPrice?.Dollars, b.EffectiveCacheHitPrice?.Dollars),
        ("output price", a.OutputPrice?.Dollars, b.OutputPrice?.Dollars),
        ("TTFT", a.Ttft?.Seconds, b.Ttft?.Seconds),
        ("tok/s/user", -a.TokSUser, -b.TokSUser),
        ("context", -a.ContextTokens, -b.ContextTokens),
    ];

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
