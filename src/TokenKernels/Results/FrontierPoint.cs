namespace TokenKernels;

/// <summary>
/// A configuration a sweep returned (a frontier point, the cheapest under an SLA, one of the top k, or a streamed point)
/// with everything it yields, cost included.
/// </summary>
public readonly record struct FrontierPoint
{
    /// <summary>Index of the configuration in its grid.</summary>
    public long Index { get; init; }

    /// <summary>Frontier group: one per model x hardware x kept-apart axis values (mixed radix, model outermost).</summary>
    public int Group { get; init; }

    /// <summary>The axis values.</summary>
    public SweepConfiguration Configuration { get; init; }

    /// <summary>Latency, throughput, memory and cost of the configuration.</summary>
    public ServingPoint Metrics { get; init; }
}
