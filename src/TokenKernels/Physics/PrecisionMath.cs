using TokenKernels.Packing;

namespace TokenKernels.Physics;

/// <summary>Bytes and tensor rates by precision code (0 bf16, 1 fp8, 2 fp4), kernel-safe.</summary>
internal static class PrecisionMath
{
    /// <summary>BF16 2 B; FP8 1 B; FP4 0.5 B + one 8-bit scale per 16 values (NVFP4) = 0.5625 B.</summary>
    public static double BytesPerElement(int precision) => precision switch
    {
        0 => 2.0,
        1 => 1.0,
        _ => 0.5625,
    };

    /// <summary>Bytes of non-expert weights (attention, dense FFN) of an MoE model: FP4 recipes keep them at FP8 at least.</summary>
    public static double NonExpertBytesPerElement(in PackedModel m, int weightPrecision) =>
        m.MoeLayers > 0 && weightPrecision == 2 ? 1.0 : BytesPerElement(weightPrecision);

    /// <summary>Achieved GEMM rate for weights in a precision: FP4 gets the FP4 peak x its scale only where the chip has FP4 units.</summary>
    public static double AchievedGemmFlops(in PackedHardware hw, in PackedProfile p, int precision, double efficiency) => precision switch
    {
        0 => hw.Bf16FlopsPerSecond * efficiency,
        1 => hw.Fp8FlopsPerSecond * efficiency,
        _ => hw.HasFp4 != 0 ? hw.Fp4FlopsPerSecond * efficiency * p.Fp4ComputeScale : hw.Fp8FlopsPerSecond * efficiency,
    };
}
