namespace TokenKernels;

/// <summary>
/// One accelerator as the cost model sees it: dense tensor-core rates, HBM, links and price. All rates are per GPU;
/// link bandwidths are per direction.
/// </summary>
public sealed record HardwareSpec
{
    /// <summary>Catalog id, e.g. <c>h200</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Human-readable name, e.g. "H200 SXM".</summary>
    public required string Name { get; init; }

    /// <summary>Vendor, e.g. NVIDIA or AMD (a label; the physics reads <see cref="SoftwareStack"/>).</summary>
    public string Vendor { get; init; } = "";

    /// <summary>Software stack the part runs; decides which kernel efficiencies apply.</summary>
    public SoftwarePlatform SoftwareStack { get; init; } = SoftwarePlatform.Cuda;

    /// <summary>Dense BF16 tensor rate.</summary>
    public required FlopRate Bf16Flops { get; init; }

    /// <summary>Dense FP8 tensor rate.</summary>
    public required FlopRate Fp8Flops { get; init; }

    /// <summary>Dense FP4 tensor rate, or null where the chip has no FP4 tensor cores (FP4 weights then compute at the BF16 rate: dequantised, times 16-bit activations).</summary>
    public FlopRate? Fp4Flops { get; init; }

    /// <summary>HBM capacity.</summary>
    public required ByteCount Memory { get; init; }

    /// <summary>HBM bandwidth.</summary>
    public required Bandwidth MemoryBandwidth { get; init; }

    /// <summary>GPUs in one scale-up domain (NVLink / Infinity Fabric): 8 for HGX, 72 for NVL72.</summary>
    public required int ScaleUpDomainGpus { get; init; }

    /// <summary>Scale-up bandwidth per GPU per direction.</summary>
    public required Bandwidth ScaleUpBandwidth { get; init; }

    /// <summary>Scale-out (InfiniBand / RoCE) bandwidth per GPU per direction.</summary>
    public required Bandwidth ScaleOutBandwidth { get; init; }

    /// <summary>Default rental price per GPU-hour, or null where no published figure exists.</summary>
    public Usd? GpuHourPrice { get; init; }

    /// <summary>Where the figures come from.</summary>
    public required string Source { get; init; }

    /// <summary>Caveats: conflicting sources, estimates.</summary>
    public string Notes { get; init; } = "";

    /// <summary>This part run with <paramref name="engine"/>: its <see cref="SoftwareStack"/> set by <see cref="ServingEngines.StackFor"/>.</summary>
    /// <exception cref="ArgumentException">The engine does not run on this part's family (TensorRT-LLM on ROCm, ATOM on CUDA); ParamName is <c>engine</c>.</exception>
    public HardwareSpec ForEngine(ServingEngine engine) => this with { SoftwareStack = ServingEngines.StackFor(this, engine) };

    /// <summary>Checks every figure is positive and finite.</summary>
    /// <exception cref="ArgumentException">A figure is missing, zero, negative or not finite; the message names it.</exception>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Id), nameof(Id), "must not be empty");
        RequirePositive(Bf16Flops.FlopsPerSecond, nameof(Bf16Flops));
        RequirePositive(Fp8Flops.FlopsPerSecond, nameof(Fp8Flops));
        if (Fp4Flops is { } fp4)
        {
            RequirePositive(fp4.FlopsPerSecond, nameof(Fp4Flops));
        }

        RequirePositive(Memory.Bytes, nameof(Memory));
        RequirePositive(MemoryBandwidth.BytesPerSecond, nameof(MemoryBandwidth));
        Require(ScaleUpDomainGpus >= 1, nameof(ScaleUpDomainGpus), "must be at least 1");
        RequirePositive(ScaleUpBandwidth.BytesPerSecond, nameof(ScaleUpBandwidth));
        RequirePositive(ScaleOutBandwidth.BytesPerSecond, nameof(ScaleOutBandwidth));
        if (GpuHourPrice is { } price)
        {
            RequirePositive(price.Dollars, nameof(GpuHourPrice));
        }
    }

    private void RequirePositive(double value, string name) =>
        Require(double.IsFinite(value) && value > 0, name, $"must be positive and finite (was {value})");

    private void Require(bool ok, string name, string what)
    {
        if (!ok)
        {
            throw new ArgumentException($"Hardware '{Id}': {name} {what}.", name);
        }
    }
}
