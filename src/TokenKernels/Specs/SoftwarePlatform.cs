namespace TokenKernels;

/// <summary>
/// The vendor software stack a part runs (kernels, collectives, runtime). The physics reads it, never the vendor's name:
/// ROCm parts take the profile's <c>rocm_efficiency_scale</c> on every compute and memory rate.
/// </summary>
public enum SoftwarePlatform
{
    /// <summary>NVIDIA CUDA (cuBLAS/CUTLASS, FlashAttention/FlashMLA, DeepGEMM, NCCL/DeepEP).</summary>
    Cuda = 0,

    /// <summary>AMD ROCm (hipBLASLt, AITER, RCCL/MORI).</summary>
    Rocm = 1,
}
