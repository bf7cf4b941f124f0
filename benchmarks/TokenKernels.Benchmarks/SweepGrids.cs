namespace TokenKernels.Benchmarks;

/// <summary>The DeepSeek-V3 grid (5 accelerators x gpus 8,16 x tp 1,8 x ep 8,16 x fp8), cut to a size by batch x isl.</summary>
public static class SweepGrids
{
    private static readonly string[] HardwareIds = ["h100-sxm", "h200", "b200", "mi300x", "mi355x"];

    /// <summary>40 x <paramref name="batches"/> x <paramref name="inputLengths"/> configurations.</summary>
    public static SweepGrid DeepSeek(int batches, int inputLengths) => new()
    {
        Models = [BuiltInCatalog.GetModel("deepseek-v3")],
        Hardware = HardwareIds.Select(BuiltInCatalog.GetHardware).ToList(),
        Gpus = [8, 16],
        Tp = [1, 8],
        Ep = [8, 16],
        Weights = [Precision.Fp8],
        Batch = Enumerable.Range(1, batches).ToList(),
        InputTokens = Enumerable.Range(1024, inputLengths).ToList(),
        OutputTokens = [1024],
    };

    /// <summary>A grid of about <paramref name="points"/> configurations (batch up to 4096, isl from 1024).</summary>
    public static SweepGrid OfSize(long points)
    {
        long perHw = Math.Max(1, points / 40);
        int batches = (int)Math.Min(4096, Math.Max(1, (long)Math.Sqrt(perHw)));
        int lengths = (int)Math.Max(1, perHw / batches);
        return DeepSeek(batches, lengths);
    }

    /// <summary>
    /// The README's grid (batch 1..4096, input lengths from 1024, 5.03e8 points with 3,073 lengths) cut to about
    /// <paramref name="points"/> by its number of input lengths.
    /// </summary>
    public static SweepGrid ReadmeSlice(long points) => DeepSeek(4096, (int)Math.Clamp(points / (40L * 4096), 1, 3073));
}
