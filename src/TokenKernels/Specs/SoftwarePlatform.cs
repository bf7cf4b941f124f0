namespace TokenKernels;

/// <summary>
/// The vendor software stack a part runs (kernels, collectives, runtime). The physics reads it, never the vendor's name:
/// ROCm parts take the profile's <c>rocm_efficiency_scale</c> on every compute and memory rate, and its kernel-family
/// factors on top: <c>rocm_moe_gemm_scale</c> on routed-expert GEMMs and expert-weight streaming, <c>rocm_attention_scale</c>
/// on decode attention (KV reads and scores).
/// </summary>
public enum SoftwarePlatform
{
    /// <summary>NVIDIA CUDA (cuBLAS/CUTLASS, FlashAttention/FlashMLA, DeepGEMM, NCCL/DeepEP).</summary>
    Cuda = 0,

    /// <summary>AMD ROCm (hipBLASLt, AITER, RCCL/MORI).</summary>
    Rocm = 1,
}
