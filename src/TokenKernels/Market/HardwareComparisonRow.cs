namespace TokenKernels;

/// <summary>One hardware at one tok/s/user target: the cheapest configuration reaching it (as <see cref="SweepEngine.Cheapest"/> finds it).</summary>
public sealed record HardwareComparisonRow
{
    /// <summary>Catalog id of the hardware.</summary>
    public required string Hardware { get; init; }

    /// <summary>The tok/s/user target.</summary>
    public required double TokSUser { get; init; }

    /// <summary>The hardware's GPU-hour price in this comparison.</summary>
    public required Usd GpuHourPrice { get; init; }

    /// <summary>The cheapest configuration (lowest $/Mtok total) reaching the target; null when none does.</summary>
    public FrontierPoint? Serving { get; init; }

    /// <summary>$ per million output tokens of <see cref="Serving"/>.</summary>
    public Usd? UsdPerMtokOutput => Serving?.Metrics.UsdPerMtokOutput;

    /// <summary>$ per million input tokens of <see cref="Serving"/>.</summary>
    public Usd? UsdPerMtokInput => Serving?.Metrics.UsdPerMtokInput;

    /// <summary>$ per million tokens, input and output together (InferenceX), of <see cref="Serving"/>.</summary>
    public Usd? UsdPerMtokTotal => Serving?.Metrics.UsdPerMtokTotal;
}
