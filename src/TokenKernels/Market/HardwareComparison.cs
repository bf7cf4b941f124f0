namespace TokenKernels;

/// <summary>One workload across several accelerators, each at its own price: the best $/Mtok per tok/s/user target, and each frontier.</summary>
public sealed record HardwareComparison
{
    /// <summary>A row per hardware x target, hardware in the order asked, targets ascending.</summary>
    public required IReadOnlyList<HardwareComparisonRow> Rows { get; init; }

    /// <summary>A frontier per hardware, in the order asked.</summary>
    public required IReadOnlyList<HardwareFrontier> Frontiers { get; init; }

    /// <summary>Configurations evaluated and the time taken, over every sweep of the comparison.</summary>
    public required SweepStats Stats { get; init; }
}
