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

    /// <summary>
    /// Achieved GEMM rate for weights in a precision: FP4 gets the FP4 peak x its scale only where the chip has FP4 units.
    /// Elsewhere FP4 weights are dequantised in the kernel and multiply 16-bit activations (W4A16) at the BF16 rate: every
    /// MXFP4 MoE backend vLLM offers on Hopper runs BF16 activations (`SM90_FI_MXFP4_BF16`, Marlin, OpenAI's Triton
    /// kernels; `Mxfp4Config.get_supported_act_dtypes` is bf16: vllm-project/vllm
    /// `vllm/model_executor/layers/quantization/mxfp4.py` @007d5005), as does SGLang's FlashInfer CUTLASS path
    /// (`Mxfp4FlashinferCutlassMoEMethod`, named W4A16 in FlashInfer's own W4A8 MXFP4 MoE for SM90, the 2026 follow-up).
    /// </summary>
    public static double AchievedGemmFlops(in PackedHardware hw, in PackedProfile p, Precision precision, double efficiency) => precision switch
    {
        Precision.Bf16 => hw.Bf16FlopsPerSecond * efficiency,
        Precision.Fp8 => hw.Fp8FlopsPerSecond * efficiency,
        Precision.Fp4 => hw.HasFp4 != 0 ? hw.Fp4FlopsPerSecond * efficiency * p.Fp4ComputeScale : hw.Bf16FlopsPerSecond * efficiency,
        _ => double.NaN, // unreachable, as above
    };
}
