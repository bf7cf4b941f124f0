namespace TokenKernels.Physics;

/// <summary>Fleet sizing and per-task figures from one serving point. Kernel-safe.</summary>
internal static class FleetMath
{
    public const double SecondsPerDay = 86_400;

    /// <summary>
    /// GPUs that serve <paramref name="outputTokensPerSecond"/> at <paramref name="outputTokSGpu"/> per GPU, in whole
    /// instances of <paramref name="instanceGpus"/>: ceil(demand / (per-GPU rate x instance)) x instance.
    /// </summary>
    public static double GpusForDemand(double outputTokensPerSecond, double outputTokSGpu, double instanceGpus) =>
        Math.Ceiling(outputTokensPerSecond / (outputTokSGpu * instanceGpus)) * instanceGpus;

    /// <summary>Time one user waits for an answer: TTFT + answer tokens x TPOT.</summary>
    public static double TaskSeconds(double ttftSeconds, double tpotSeconds, double answerTokens) => ttftSeconds + (answerTokens * tpotSeconds);

    /// <summary>Cost of one task: prompt tokens at the input price plus answer tokens at the output price, per million.</summary>
    public static double TaskUsd(double usdPerMtokInput, double usdPerMtokOutput, double promptTokens, double answerTokens) =>
        ((promptTokens * usdPerMtokInput) + (answerTokens * usdPerMtokOutput)) / 1e6;
}
