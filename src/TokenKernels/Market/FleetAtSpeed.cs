namespace TokenKernels;

/// <summary>The model's fleet for a scenario's traffic at one tok/s/user target: the cost of interactivity.</summary>
public sealed record FleetAtSpeed
{
    /// <summary>Output tok/s per user every request gets.</summary>
    public required double TokSUser { get; init; }

    /// <summary>The cheapest configuration meeting the target (the fleet is made of its instances); null when none does.</summary>
    public FrontierPoint? Serving { get; init; }

    /// <summary>GPUs for the peak rate, in whole instances; null when no configuration meets the target.</summary>
    public int? Gpus { get; init; }

    /// <summary>Average demand / fleet capacity (0-1).</summary>
    public double? Utilization { get; init; }

    /// <summary>GPUs x 24 h x GPU-hour price.</summary>
    public Usd? CostPerDay { get; init; }

    /// <summary>(revenue - cost) / cost with this fleet's cost.</summary>
    public double? MarginOnCost { get; init; }
}
