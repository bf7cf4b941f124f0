namespace TokenKernels;

/// <summary>What <see cref="LoadSimulator.Run"/> returns: a point per load level, the SLA answer, and how fast it ran.</summary>
public sealed record LoadSimulationResult
{
    /// <summary>One point per load level, in the order asked.</summary>
    public required IReadOnlyList<LoadPoint> Points { get; init; }

    /// <summary>Highest arrival rate meeting the SLA (bisection over rate, <see cref="LoadSimulator.MeetsSla"/>), when asked and found.</summary>
    public double? MaxRateMeetingSla { get; init; }

    /// <summary>Requests simulated in all (every level, seed and bisection step).</summary>
    public long SimulatedRequests { get; init; }

    /// <summary>Wall-clock seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>Simulated requests per wall-clock second.</summary>
    public double RequestsPerSecond => Seconds > 0 ? SimulatedRequests / Seconds : 0;

    /// <summary>Which backend ran the replicas.</summary>
    public required string Backend { get; init; }
}
