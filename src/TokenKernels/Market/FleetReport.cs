namespace TokenKernels;

/// <summary>
/// A scenario's fleet: what the model says it needs at the scenario's SLA, against what the operator states it runs, the
/// day's cost and revenue (price x quantity), and the margins, as profit/revenue and as profit/cost.
/// </summary>
public sealed record FleetReport
{
    /// <summary>The scenario.</summary>
    public required FleetScenario Scenario { get; init; }

    /// <summary>The model's fleet at the scenario's tok/s/user.</summary>
    public required FleetAtSpeed Model { get; init; }

    /// <summary>GPUs the operator states (null when none is stated).</summary>
    public double? GpusStated => Scenario.StatedGpus;

    /// <summary>Stated GPUs - the model's GPUs: capacity kept for other work (research); null without both.</summary>
    public double? GpusLeft => GpusStated is { } s && Model.Gpus is { } m ? s - m : null;

    /// <summary>
    /// Cost of a day: the stated fleet x 24 h x GPU-hour price when a fleet is stated (what the operator pays), else the
    /// model's fleet's cost.
    /// </summary>
    public required Usd? CostPerDay { get; init; }

    /// <summary>Price x quantity (<see cref="TokenPrices.RevenuePerDay"/>).</summary>
    public required Usd RevenuePerDay { get; init; }

    /// <summary>(revenue - cost) / revenue.</summary>
    public double? MarginOnRevenue => CostPerDay is { } c && RevenuePerDay.Dollars > 0 ? (RevenuePerDay.Dollars - c.Dollars) / RevenuePerDay.Dollars : null;

    /// <summary>(revenue - cost) / cost (DeepSeek's "cost profit margin").</summary>
    public double? MarginOnCost => CostPerDay is { } c && c.Dollars > 0 ? (RevenuePerDay.Dollars - c.Dollars) / c.Dollars : null;

    /// <summary>The model's fleet for the same traffic at each tok/s/user target asked for.</summary>
    public required IReadOnlyList<FleetAtSpeed> AtTokSUser { get; init; }
}
