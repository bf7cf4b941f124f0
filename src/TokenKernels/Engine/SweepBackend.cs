namespace TokenKernels;

/// <summary>Where a <see cref="SweepEngine"/> runs.</summary>
public enum SweepBackend
{
    /// <summary>CUDA, then OpenCL (devices with fp64 and 64-bit atomics), then the CPU.</summary>
    Auto = 0,

    /// <summary>An NVIDIA GPU through CUDA.</summary>
    Cuda = 1,

    /// <summary>An OpenCL GPU with fp64 and 64-bit atomics.</summary>
    OpenCl = 2,

    /// <summary>Every CPU core: ranged managed loops over the same physics (measured faster than ILGPU's CPU accelerator).</summary>
    Cpu = 3,

    /// <summary>One thread, managed: the reference the others are tested against.</summary>
    Scalar = 4,

    /// <summary>ILGPU's CPU accelerator running the device kernels: for testing kernels without a GPU.</summary>
    IlgpuCpu = 5,
}
