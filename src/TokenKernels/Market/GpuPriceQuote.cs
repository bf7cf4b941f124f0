namespace TokenKernels;

/// <summary>One GPU-hour price with its source: a row of data/prices.csv for one tier.</summary>
/// <param name="Hardware">Catalog hardware id.</param>
/// <param name="Tier">Who rents at this price.</param>
/// <param name="Price">USD per GPU-hour.</param>
/// <param name="Source">Where the figure comes from.</param>
public sealed record GpuPriceQuote(string Hardware, PriceTier Tier, Usd Price, string Source);
