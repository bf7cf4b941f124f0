namespace TokenKernels.Packing;

/// <summary>Turns a <see cref="HardwareSpec"/> into a <see cref="PackedHardware"/>.</summary>
internal static class HardwarePacker
{
    public static PackedHardware Pack(HardwareSpec hardware, Prices? prices = null) => new()
    {
        Bf16FlopsPerSecond = hardware.Bf16Flops.FlopsPerSecond,
        Fp8FlopsPerSecond = hardware.Fp8Flops.FlopsPerSecond,
        Fp4FlopsPerSecond = (hardware.Fp4Flops ?? hardware.Fp8Flops).FlopsPerSecond,
        HasFp4 = hardware.Fp4Flops is null ? 0 : 1,
        Stack = (int)hardware.SoftwareStack,
        HbmBytes = hardware.Memory.Bytes,
        HbmBytesPerSecond = hardware.MemoryBandwidth.BytesPerSecond,
        ScaleUpDomainGpus = hardware.ScaleUpDomainGpus,
        ScaleUpBytesPerSecond = hardware.ScaleUpBandwidth.BytesPerSecond,
        ScaleOutBytesPerSecond = hardware.ScaleOutBandwidth.BytesPerSecond,
        UsdPerGpuHour = prices?.GpuHour.Dollars ?? hardware.GpuHourPrice?.Dollars ?? 0,
    };
}
