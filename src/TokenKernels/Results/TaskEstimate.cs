namespace TokenKernels;

/// <summary>What one request of a given answer length takes and costs at one serving point (terse models finish sooner).</summary>
public readonly record struct TaskEstimate
{
    /// <summary>TTFT + answer tokens x TPOT.</summary>
    public Duration Latency { get; init; }

    /// <summary>Prompt tokens x input $/Mtok + answer tokens x output $/Mtok.</summary>
    public Usd Cost { get; init; }
}
