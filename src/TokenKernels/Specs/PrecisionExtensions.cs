namespace TokenKernels;

/// <summary>Sizes and names of <see cref="Precision"/> values.</summary>
public static class PrecisionExtensions
{
    /// <summary>
    /// Bytes per stored element: BF16 2, FP8 1, FP4 0.5 + scales. NVFP4 keeps one FP8 scale per 16 values
    /// (0.5 + 1/16 = 0.5625 B); MXFP4 one E8M0 scale per 32 (0.53125 B). We use NVFP4's 0.5625 for both (within 6%).
    /// </summary>
    public static double BytesPerElement(this Precision precision) => Enum.IsDefined(precision)
        ? ElementBytes(precision)
        : throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision.");

    /// <summary>
    /// <see cref="BytesPerElement"/> for the kernels (which cannot throw): NaN for an undefined value, which the packers
    /// and <see cref="SweepGrid"/> reject before any kernel runs. The one table of sizes; Physics reads it.
    /// </summary>
    internal static double ElementBytes(Precision precision) => precision switch
    {
        Precision.Bf16 => 2.0,
        Precision.Fp8 => 1.0,
        Precision.Fp4 => 0.5625,
        _ => double.NaN,
    };

    /// <summary>The command-line and JSON spelling: bf16, fp8, fp4.</summary>
    public static string ToId(this Precision precision) => precision switch
    {
        Precision.Bf16 => "bf16",
        Precision.Fp8 => "fp8",
        Precision.Fp4 => "fp4",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision."),
    };

    /// <summary>Parses bf16, fp16 (same size as bf16), fp8, fp4, nvfp4, mxfp4; case-insensitive.</summary>
    /// <exception cref="ArgumentException">The text names no supported precision.</exception>
    public static Precision Parse(string text, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(text, parameterName);
        return text.Trim().ToUpperInvariant() switch
        {
            "BF16" or "FP16" => Precision.Bf16,
            "FP8" => Precision.Fp8,
            "FP4" or "NVFP4" or "MXFP4" => Precision.Fp4,
            _ => throw new ArgumentException($"Unknown precision '{text}'; expected bf16, fp8 or fp4.", parameterName),
        };
    }
}
