namespace TokenKernels;

/// <summary>One hardware's throughput frontier (output tok/s/GPU against tok/s/user), priced at its own GPU-hour price.</summary>
/// <param name="Hardware">Catalog id of the hardware.</param>
/// <param name="GpuHourPrice">Its GPU-hour price in the comparison.</param>
/// <param name="Points">The Pareto frontier, tok/s/user ascending, each point with its $/Mtok.</param>
public sealed record HardwareFrontier(string Hardware, Usd GpuHourPrice, IReadOnlyList<FrontierPoint> Points);
