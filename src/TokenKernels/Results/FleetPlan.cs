namespace TokenKernels;

/// <summary>How many GPUs a daily token demand needs at one serving point, what they cost and what they earn.</summary>
public readonly record struct FleetPlan
{
    /// <summary>GPUs, in whole instances of the deployment.</summary>
    public int Gpus { get; init; }

    /// <summary>Share 0-1 of the fleet's capacity the demand uses (the rest is headroom).</summary>
    public double Utilization { get; init; }

    /// <summary>Output tokens per day the fleet could serve at this point.</summary>
    public double CapacityOutputTokensPerDay { get; init; }

    /// <summary>GPU-hours per day x price.</summary>
    public Usd CostPerDay { get; init; }

    /// <summary>Price x quantity: output and input tokens per day at the given list prices.</summary>
    public Usd RevenuePerDay { get; init; }

    /// <summary>(revenue - cost) / revenue; negative when the fleet loses money.</summary>
    public double Margin { get; init; }
}
