namespace TokenKernels;

/// <summary>
/// One offer judged against the others and against the physics: which offers dominate it, what the model says the
/// cheapest configuration meeting its speed, TTFT and context window costs, and the margin at the offer's prices.
/// </summary>
public sealed record OfferAssessment
{
    /// <summary>The offer.</summary>
    public required ProviderOffer Offer { get; init; }

    /// <summary>Providers whose offers dominate this one (<see cref="OfferDominance"/>); empty when none does.</summary>
    public required IReadOnlyList<string> DominatedBy { get; init; }

    /// <summary>
    /// The cheapest configuration (over every hardware asked for) meeting the offer's tok/s/user, TTFT and context window;
    /// null when none does, or the model is not in the catalog (see <see cref="Note"/>).
    /// </summary>
    public FrontierPoint? Serving { get; init; }

    /// <summary>GPU-hour price of <see cref="Serving"/>'s hardware.</summary>
    public Usd? GpuHourPrice { get; init; }

    /// <summary>What serving costs per million output tokens (decode GPU time), from <see cref="Serving"/>.</summary>
    public Usd? CostPerMtokOutput => Serving?.Metrics.UsdPerMtokOutput;

    /// <summary>What serving costs per million input tokens (prefill GPU time), from <see cref="Serving"/>.</summary>
    public Usd? CostPerMtokInput => Serving?.Metrics.UsdPerMtokInput;

    /// <summary>
    /// (price - cost) / price of one request of the configuration's lengths, price at the offer's prices (cache hits at
    /// the hit price), cost = prompt x input $/Mtok + answer x output $/Mtok of <see cref="Serving"/>; null when either
    /// is unknown. Negative when the offer sells below the modelled cost.
    /// </summary>
    public double? Margin { get; init; }

    /// <summary>Why <see cref="Serving"/> is null, or null.</summary>
    public string? Note { get; init; }
}
