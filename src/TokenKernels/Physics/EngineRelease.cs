namespace TokenKernels.Physics;

/// <summary>
/// An engine build's release month as one number (<see cref="Month"/>; 0 = not stated, a current engine) and the one
/// rule that uses it: a build released before the engines' current generation (<see cref="CurrentGenerationMonth"/>)
/// runs every decode step slower by the profile's <see cref="EfficiencyProfile.EarlyEngineStepScale"/>.
/// </summary>
internal static class EngineRelease
{
    /// <summary>
    /// First month of the current engine generation: September 2025, TensorRT-LLM 1.0 (its release notes were added in
    /// NVIDIA/TensorRT-LLM pull request 7605, merged 2025-09-17), the release that made the PyTorch backend, whose wide-EP,
    /// MTP and Blackwell kernels the 2026 rows run, the default (pull request 5312, "promote PyTorch to be the default LLM
    /// backend", 2025-06-18, landed after the 0.21 branch). One month for every engine: no SGLang or vLLM release note
    /// marking a kernel generation was read. Chosen from that release, not tuned to the rows.
    /// </summary>
    public const int CurrentGenerationMonth = (2025 * 12) + (9 - 1);

    /// <summary>A year-month as one number, months since year 0 (2025-09 = 2025 x 12 + 8 = 24,308); 0 stays "not stated".</summary>
    public static int Month(int year, int month) => (year * 12) + (month - 1);

    /// <summary>
    /// Factor on every time of a decode step (its kernels, collectives and overheads) for a build released in
    /// <paramref name="releaseMonth"/> (<see cref="Month"/>; 0 = not stated = current): <paramref name="earlyScale"/>
    /// before <see cref="CurrentGenerationMonth"/>, 1 from it on.
    /// </summary>
    public static double StepScale(int releaseMonth, double earlyScale) =>
        releaseMonth > 0 && releaseMonth < CurrentGenerationMonth ? earlyScale : 1.0;
}
