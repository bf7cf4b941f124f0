namespace TokenKernels;

/// <summary>A metric to rank configurations by (<see cref="SweepEngine.TopK"/>); each knows whether more is better.</summary>
public enum SweepMetric
{
    /// <summary>Output tokens per second per GPU (higher is better).</summary>
    OutputTokSGpu = 0,

    /// <summary>Output tokens per second per user (higher is better).</summary>
    TokSUser = 1,

    /// <summary>Input + output tokens per second per GPU (higher is better).</summary>
    TotalTokSGpu = 2,

    /// <summary>$ per million tokens, InferenceX convention (lower is better).</summary>
    UsdPerMtokTotal = 3,

    /// <summary>$ per million output tokens (lower is better).</summary>
    UsdPerMtokOutput = 4,

    /// <summary>Time to first token (lower is better).</summary>
    TtftSeconds = 5,
}
