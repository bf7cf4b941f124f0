namespace TokenKernels;

/// <summary>What GPU time costs.</summary>
/// <param name="GpuHour">Price of one GPU for one hour.</param>
public sealed record Prices(Usd GpuHour);
