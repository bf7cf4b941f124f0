namespace TokenKernels;

/// <summary>
/// The vendor software stack a part runs (kernels, collectives, runtime). The physics reads it, never the vendor's name:
/// ROCm parts take the profile's <c>rocm_efficiency_scale</c> on every compute and memory rate, and its kernel-family
/// factors on top: <c>rocm_moe_gemm_scale</c> on routed-expert GEMMs and expert-weight streaming, <c>rocm_attention_scale</c>
/// on decode attention (KV reads and scores). An AITER-native engine on ROCm (<see cref="RocmAiter"/>) takes
/// <c>rocm_aiter_scale</c> on every rate instead, and no framework family factor. On both ROCm stacks the FP8 GEMMs of an
/// FP8 MoE checkpoint (block-scaled, one FP32 scale per 128 x 128 block) take <c>rocm_block_fp8_moe_scale</c> as well
/// (the routed experts also on streaming their weights): CDNA applies those scales in software. A general framework on CUDA
/// (<see cref="CudaFramework"/>) takes <c>framework_moe_gemm_scale</c> on the routed experts of a MoE run without expert
/// parallelism.
/// </summary>
public enum SoftwarePlatform
{
    /// <summary>NVIDIA CUDA (cuBLAS/CUTLASS, FlashAttention/FlashMLA, DeepGEMM, NCCL/DeepEP).</summary>
    Cuda = 0,

    /// <summary>
    /// AMD ROCm as a general serving framework runs it (vLLM, SGLang: hipBLASLt GEMMs, Triton/CK fused MoE and attention,
    /// AITER kernels where the framework dispatches to them; RCCL/MORI).
    /// </summary>
    Rocm = 1,

    /// <summary>
    /// AMD ROCm under an AITER-native engine (ATOM, "AiTer Optimized Model": every operator an AITER ASM/CK kernel, block-scale
    /// GEMMs, fused MoE, MLA decode, fused norms and RoPE, with no framework fallback; ROCm/ATOM README, ROCm blog "ATOM:
    /// Unlocking Extreme AMD Instinct Inference"). JSON <c>rocm-aiter</c>.
    /// </summary>
    RocmAiter = 2,

    /// <summary>
    /// NVIDIA CUDA as a general serving framework runs it (vLLM, SGLang): the CUDA figures, except that MoE layers run
    /// without expert parallelism take the framework's fused-MoE kernel (Triton <c>fused_moe</c>, block-scaled FP8 or
    /// W4A16 Marlin) and <c>framework_moe_gemm_scale</c>; with expert parallelism those engines dispatch to DeepEP and
    /// DeepGEMM, the tuned kernels the CUDA figures stand for. FP4 experts take the factor only on their FLOP rate and only
    /// on a part without FP4 tensor cores (W4A16 streams 4-bit weights at the full rate; on Blackwell the engines run
    /// TensorRT-LLM-gen's FP4 MoE kernels). JSON <c>cuda-framework</c>.
    /// </summary>
    CudaFramework = 3,
}
