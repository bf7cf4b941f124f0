namespace TokenKernels;

/// <summary>Number format of stored weights or KV cache. The byte size of each is fixed by <see cref="PrecisionExtensions.BytesPerElement"/>.</summary>
public enum Precision
{
    /// <summary>16-bit brain float (also stands for FP16: same size and tensor-core rate).</summary>
    Bf16 = 0,

    /// <summary>8-bit float (E4M3 with block or tensor scales).</summary>
    Fp8 = 1,

    /// <summary>4-bit float (NVFP4 or MXFP4; scale overhead of 1 byte per 16 or 32 elements included in <see cref="PrecisionExtensions.BytesPerElement"/>).</summary>
    Fp4 = 2,
}
