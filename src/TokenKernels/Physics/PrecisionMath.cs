using TokenKernels.Packing;

namespace TokenKernels.Physics;

/// <summary>Bytes and tensor rates by <see cref="Precision"/>, kernel-safe. The packers reject undefined values, so no arm guesses one.</summary>
internal static class PrecisionMath
{
    /// <summary>BF16 2 B; FP8 1 B; FP4 0.5 B + one 8-bit scale per 16 values (NVFP4) = 0.5625 B.</summary>
    public static double BytesPerElement(Precision precision) => PrecisionExtensions.ElementBytes(precision);

    /// <summary>Bytes of non-expert weights (attention, dense FFN) of an MoE model: FP4 recipes keep them at FP8 at least.</summary>
    public static double NonExpertBytesPerElement(in PackedModel m, Precision weightPrecision) =>
        m.MoeLayers > 0 && weightPrecision == Precision.Fp4 ? 1.0 : BytesPerElement(weightPrecision);

    /// <summary>Achieved GEMM rate for weights in a precision: FP4 gets the FP4 peak x its scale only where the chip has FP4 units.</summary>
    public static double AchievedGemmFlops(in PackedHardware hw, in PackedProfile p, Precision precision, double efficiency) => precision switch
    {
        Precision.Bf16 => hw.Bf16FlopsPerSecond * efficiency,
        Precision.Fp8 => hw.Fp8FlopsPerSecond * efficiency,
        Precision.Fp4 => hw.HasFp4 != 0 ? hw.Fp4FlopsPerSecond * efficiency * p.Fp4ComputeScale : hw.Fp8FlopsPerSecond * efficiency,
        _ => double.NaN, // unreachable, as above
    };
}
