namespace TokenKernels.Packing;

/// <summary>Blittable hardware figures in SI units, as kernels read them.</summary>
internal struct PackedHardware
{
    public double Bf16FlopsPerSecond;
    public double Fp8FlopsPerSecond;

    /// <summary>FP4 tensor rate; equals the FP8 rate where the chip has no FP4 units (read only where <see cref="HasFp4"/>).</summary>
    public double Fp4FlopsPerSecond;

    /// <summary>1 where the chip has FP4 tensor cores (the FP4 efficiency scale applies only then).</summary>
    public int HasFp4;

    /// <summary>
    /// The <see cref="SoftwarePlatform"/>: 0 CUDA; 1 ROCm under a general framework (<see cref="PackedProfile.RocmEfficiencyScale"/>
    /// and the ROCm kernel-family factors apply); 2 ROCm under an AITER-native engine (<see cref="PackedProfile.RocmAiterScale"/> applies); 3 CUDA under a general
    /// framework (<see cref="PackedProfile.FrameworkMoeGemmScale"/> applies to a MoE without expert parallelism).
    /// </summary>
    public int Stack;
    public double HbmBytes;
    public double HbmBytesPerSecond;
    public int ScaleUpDomainGpus;
    public double ScaleUpBytesPerSecond;
    public double ScaleOutBytesPerSecond;

    /// <summary>Price per GPU-hour; 0 when unknown (costs then come back as 0 and the managed result reports none).</summary>
    public double UsdPerGpuHour;
}
