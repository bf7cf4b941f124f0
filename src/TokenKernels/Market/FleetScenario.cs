namespace TokenKernels;

/// <summary>
/// A fleet question: a day of traffic, the prices it is sold at, the hardware and model that serve it, the speed users
/// get, and (optionally) the fleet someone stated they run, so the model's fleet can be compared with it.
/// </summary>
public sealed record FleetScenario
{
    /// <summary>
    /// DeepSeek's published day (deepseek-ai/open-infra-index, 202502OpenSourceWeek, day 6, "DeepSeek-V3/R1 Inference
    /// System Overview", 24 h from 2025-02-27 12:00 UTC+8): on average 226.75 nodes of 8 H800 = 1,814 GPUs, $2 per
    /// GPU-hour ($87,072 a day); 608B input tokens of which 342B (56.3%) hit the on-disk KV cache; 168B output tokens;
    /// priced at R1's list prices ($0.14 cache hit, $0.55 cache miss, $2.19 output per M tokens) a theoretical $562,027 a
    /// day, a cost-profit margin of 545%; average output speed 20-22 tok/s per user (the lower bound is the SLA here).
    /// Peak occupancy was 278 nodes, but the average is what the cost is computed from, so the load curve is flat (1).
    /// DeepSeek serves with MTP; its V3 technical report (arXiv 2412.19437, section 5.4.3) states 85-90% acceptance of the
    /// second token, so 1.85 tokens per step (the lower bound).
    /// </summary>
    public static FleetScenario DeepSeek202502 { get; } = new()
    {
        Name = "deepseek-2025-02",
        Source = "deepseek-ai/open-infra-index 202502OpenSourceWeek day_6 (DeepSeek-V3/R1 inference system overview)",
        Demand = new FleetDemand { InputTokensPerDay = 608e9, CacheHitShare = 0.563, OutputTokensPerDay = 168e9 },
        Prices = new TokenPrices(new Usd(0.14), new Usd(0.55), new Usd(2.19)),
        Hardware = "h800",
        Model = "deepseek-v3",
        GpuHourPrice = new Usd(2),
        StatedGpus = 226.75 * 8,
        MinTokSUser = 20,
        StatedRevenuePerDay = new Usd(562_027),
        MtpAcceptance = 1.85,
    };

    /// <summary>Every built-in scenario.</summary>
    public static IReadOnlyList<FleetScenario> BuiltIn { get; } = [DeepSeek202502];

    /// <summary>Scenario name (the CLI's <c>--scenario</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Where the scenario's figures come from.</summary>
    public string Source { get; init; } = "";

    /// <summary>The day of traffic.</summary>
    public required FleetDemand Demand { get; init; }

    /// <summary>What each token class sells for.</summary>
    public required TokenPrices Prices { get; init; }

    /// <summary>Catalog id of the hardware that serves it.</summary>
    public required string Hardware { get; init; }

    /// <summary>Catalog id of the model served.</summary>
    public required string Model { get; init; }

    /// <summary>Price of one GPU-hour.</summary>
    public required Usd GpuHourPrice { get; init; }

    /// <summary>GPUs the operator states it runs (on average over the day); null when none is stated.</summary>
    public double? StatedGpus { get; init; }

    /// <summary>Output tok/s per user the fleet must give (the SLA of the model's fleet).</summary>
    public double MinTokSUser { get; init; }

    /// <summary>Longest acceptable time to first token; null = no bound.</summary>
    public Duration? MaxTtft { get; init; }

    /// <summary>Revenue the operator states, for comparison with price x quantity; null when none is stated.</summary>
    public Usd? StatedRevenuePerDay { get; init; }

    /// <summary>Tokens accepted per decode step with multi-token prediction, as the operator serves; null = none.</summary>
    public double? MtpAcceptance { get; init; }

    /// <summary>The built-in scenario named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No built-in scenario has this name; the message lists them.</exception>
    public static FleetScenario Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return BuiltIn.FirstOrDefault(s => string.Equals(s.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown scenario '{name}'; expected one of: {string.Join(", ", BuiltIn.Select(s => s.Name))}.", nameof(name));
    }
}
