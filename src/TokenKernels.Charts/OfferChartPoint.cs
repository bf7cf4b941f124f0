namespace TokenKernels;

/// <summary>One provider's offer as the offers bubble chart draws it.</summary>
/// <param name="Provider">The label beside the bubble.</param>
/// <param name="UsdPerMtok">The price on the vertical axis, $ per million tokens (the chart's axis title says which price).</param>
/// <param name="Ttft">Time to first token the offer shows.</param>
/// <param name="ContextTokens">Context window: the bubble's area is proportional to it.</param>
public sealed record OfferChartPoint(string Provider, double UsdPerMtok, Duration Ttft, int ContextTokens)
{
    /// <summary>Providers whose offers dominate this one (empty when none does); a dominated offer is drawn as an open bubble.</summary>
    public IReadOnlyList<string> DominatedBy { get; init; } = [];

    /// <summary>Margin at the offer's prices over the model's cost to serve ((price - cost) / price), or null when not known.</summary>
    public double? Margin { get; init; }
}
