namespace TokenKernels.Catalog;

/// <summary>
/// The built-in accelerators. Figures are dense (no sparsity) tensor peaks, decimal GB and TB/s, link bandwidths per GPU
/// per direction. Each entry says where its figures come from; Notes record conflicts and assumptions.
/// </summary>
internal static class HardwareCatalog
{
    private const string InferenceXSpecs =
        "SemiAnalysisAI/InferenceX-app packages/app/src/lib/gpu-specs.ts (snapshot 77ca49a, 2026-04-03; dense TFLOPS, " +
        "per-GPU unidirectional scale-up, per-NIC scale-out)";

    private const string InferenceXPrice =
        "price: SemiAnalysis AI Cloud TCO 'hyperscaler' tier (InferenceX-app GPU_SPECS costh), as used by InferenceX cost figures";

    /// <summary>Where device memory comes from: what the driver reports, not the datasheet's rounded "GB".</summary>
    private const string DriverMemory =
        " Memory: the driver-reported total (nvidia-smi memory.total, rocm-smi VRAM Total) as printed in public nvidia-smi/rocm-smi logs; " +
        "datasheet HBM 'GB' is close to binary GiB, so the decimal reading undercounts it by about 7%.";

    private const string ScaleOut400 = "Scale-out 400 Gbit/s per GPU = 50 GB/s per direction (one 400G NIC per GPU).";

    public static IReadOnlyList<HardwareSpec> All { get; } =
    [
        new HardwareSpec
        {
            Id = "h100-sxm",
            Name = "H100 SXM",
            Vendor = "NVIDIA",
            Bf16Flops = FlopRate.FromTeraflops(989),
            Fp8Flops = FlopRate.FromTeraflops(1979),
            Fp4Flops = null,
            Memory = ByteCount.FromMebibytes(81559),
            MemoryBandwidth = Bandwidth.FromTerabytesPerSecond(3.35),
            ScaleUpDomainGpus = 8,
            ScaleUpBandwidth = Bandwidth.FromGigabytesPerSecond(450),
            ScaleOutBandwidth = Bandwidth.FromGigabitsPerSecond(400),
            GpuHourPrice = new Usd(1.30),
            Source = InferenceXSpecs + "; https://glennklockwood.com/garden/processors/h100 (BF16 989.4 dense); " + InferenceXPrice,
            Notes = "NVLink 4: 900 GB/s bidirectional = 450 GB/s per direction. No FP4 tensor cores (FP4 weights compute at the BF16 rate, W4A16). " +
                ScaleOut400 + " nvidia-smi: 81,559 MiB (85.5 GB) for the '80 GB' part." + DriverMemory,
        },
        new HardwareSpec
        {
            Id = "h200",
            Name = "H200 SXM",
            Vendor = "NVIDIA",
            Bf16Flops = FlopRate.FromTeraflops(989),
            Fp8Flops = FlopRate.FromTeraflops(1979),
            Fp4Flops = null,
            Memory = ByteCount.FromMebibytes(143771),
            MemoryBandwidth = Bandwidth.FromTerabytesPerSecond(4.8),
            ScaleUpDomainGpus = 8,
            ScaleUpBandwidth = Bandwidth.FromGigabytesPerSecond(450),
            ScaleOutBandwidth = Bandwidth.FromGigabitsPerSecond(400),
            GpuHourPrice = new Usd(1.41),
            Source = InferenceXSpecs + "; " + InferenceXPrice,
            Notes = "Same compute die as H100; more and faster HBM. No FP4 tensor cores. " + ScaleOut400 + " nvidia-smi: 143,771 MiB (150.8 GB) for the '141 GB' part." + DriverMemory,
        },
        new HardwareSpec
        {
            Id = "h800",
            Name = "H800 SXM",
            Vendor = "NVIDIA",
            Bf16Flops = FlopRate.FromTeraflops(989),
            Fp8Flops = FlopRate.FromTeraflops(1979),
            Fp4Flops = null,
            Memory = ByteCount.FromMebibytes(81559),
            MemoryBandwidth = Bandwidth.FromTerabytesPerSecond(3.352),
            ScaleUpDomainGpus = 8,
            ScaleUpBandwidth = Bandwidth.FromGigabytesPerSecond(200),
            ScaleOutBandwidth = Bandwidth.FromGigabitsPerSecond(400),
            GpuHourPrice = new Usd(2.0),
            Source = "https://lmsys.org/blog/2025-09-26-sglang-ant-group/ (H20-96G vs H800-80G spec table); " +
                "deepseek-ai/open-infra-index README.md (FlashMLA, DeepGEMM; 8 H800 and 8 x 400G RDMA NICs per node); " +
                "price: deepseek-ai/open-infra-index 202502OpenSourceWeek day_6 ($2 per H800 GPU-hour, DeepSeek's own assumption)",
            Notes = "Compute = H100 (China-market Hopper with cut NVLink). The spec table lists NVLink '400 GB/s' without a direction: " +
                "it is the bidirectional total of 8 NVLink 4 links (H100 has 18 for 900 GB/s bidirectional), so 200 GB/s per direction. " +
                "Measured: FlashMLA 3000 GB/s memory-bound, 580 BF16 TFLOPS compute-bound. No FP4 tensor cores. " + ScaleOut400 +
                " Price is one figure (DeepSeek), not a SemiAnalysis tier. nvidia-smi: 81,559 MiB (85.5 GB), as H100." + DriverMemory,
        },
        new HardwareSpec
        {
            Id = "h20",
            Name = "H20 96GB",
            Vendor = "NVIDIA",
            Bf16Flops = FlopRate.FromTeraflops(148),
            Fp8Flops = FlopRate.FromTeraflops(296),
            Fp4Flops = null,
            Memory = ByteCount.FromMebibytes(97871),
            MemoryBandwidth = Bandwidth.FromTerabytesPerSecond(4.0),
            ScaleUpDomainGpus = 8,
            ScaleUpBandwidth = Bandwidth.FromGigabytesPerSecond(450),
            ScaleOutBandwidth = Bandwidth.FromGigabitsPerSecond(200),
            GpuHourPrice = null,
            Source = "https://lmsys.org/blog/2025-09-26-sglang-ant-group/ (H20-96G vs H800-80G spec table)",
            Notes = "Low-compute, high-bandwidth China-market Hopper. NVLink '900 GB/s' is listed without a direction; like H100's it is " +
                "the bidirectional total (18 links), so 450 GB/s per direction. Scale-out: 4 x 400 Gbit/s NICs per 8-GPU node = " +
                "200 Gbit/s (25 GB/s) per GPU. No FP4 tensor cores. No published $/GPU-hour: pass a price (--gpu-hour-usd). nvidia-smi: 97,871 MiB (102.6 GB) for the '96 GB' part." + DriverMemory,
        },
        new HardwareSpec
        {
            Id = "b200",
            Name = "B200 SXM (HGX/DGX B200)",
            Vendor = "NVIDIA",
            Bf16Flops = FlopRate.FromTeraflops(2250),
            Fp8Flops = FlopRate.FromTeraflops(4500),
            Fp4Flops = FlopRate.FromTeraflops(9000),
            Memory = ByteCount.FromMebibytes(183359),
            MemoryBandwidth = Bandwidth.FromTerabytesPerSecond(8),
            ScaleUpDomainGpus = 8,
            ScaleUpBandwidth = Bandwidth.FromGigabytesPerSecond(900),
            ScaleOutBandwidth = Bandwidth.FromGigabitsPerSecond(400),
            GpuHourPrice = new Usd(1.95),
            Source = InferenceXSpecs + "; TensorRT-LLM perf-overview ('B200 180GB (DGX B200)'); " + InferenceXPrice,
            Notes = "NVLink 5: 1800 GB/s bidirectional = 900 GB/s per direction. " + ScaleOut400 +
                " InferenceX: multinode EP crosses ConnectX-7 RoCEv2 at 50 GB/s per GPU (18x less than NVLink). nvidia-smi: 183,359 MiB (192.3 GB) for the '180 GB' part." + DriverMemory,
        },
        new HardwareSpec
        {
            Id = "b300",
            Name = "B300 SXM (HGX B300)",
            Vendor = "NVIDIA",
            Bf16Flops = FlopRate.FromTeraflops(2250),
            Fp8Flops = FlopRate.FromTeraflops(4500),
            Fp4Flops = FlopRate.FromTeraflops(13500),
            Memory = ByteCount.FromMebibytes(275040),
            MemoryBandwidth = Bandwidth.FromTerabytesPerSecond(8),
            ScaleUpDomainGpus = 8,
            ScaleUpBandwidth = Bandwidth.FromGigabytesPerSecond(900),
            ScaleOutBandwidth = Bandwidth.FromGigabitsPerSecond(800),
            GpuHourPrice = new Usd(2.34),
            Source = InferenceXSpecs + "; https://blog.vllm.ai/2026/02/13/gb300-deepseek.html ('GB300/B300 single-GPU memory is 288GB'); " +
                InferenceXPrice,
            Notes = "Memory: InferenceX lists 268, vLLM (and NVIDIA) 288: both right, in GiB and GB (nvidia-smi 275,040 MiB). " +
                "Scale-out: ConnectX-8 800 Gbit/s per GPU = 100 GB/s per direction. Price: the source marks it temporary (1.2 x B200). nvidia-smi: 275,040 MiB (288.4 GB) for the '288 GB' part." + DriverMemory,
        },
        new HardwareSpec
        {
            Id = "gb200",
            Name = "GB200 NVL72 (per GPU)",
            Vendor = "NVIDIA",
            Bf16Flops = FlopRate.FromTeraflops(2500),
            Fp8Flops = FlopRate.FromTeraflops(5000),
            Fp4Flops = FlopRate.FromTeraflops(10000),
            Memory = ByteCount.FromMebibytes(189471),
            MemoryBandwidth = Bandwidth.FromTerabytesPerSecond(8),
            ScaleUpDomainGpus = 72,
            ScaleUpBandwidth = Bandwidth.FromGigabytesPerSecond(900),
            ScaleOutBandwidth = Bandwidth.FromGigabitsPerSecond(400),
            GpuHourPrice = new Usd(2.21),
            Source = InferenceXSpecs + "; https://developer.nvidia.com/blog/delivering-massive-performance-leaps-for-mixture-of-experts-inference-on-nvidia-blackwell " +
                "(NVLink 1,800 GB/s bidirectional); " + InferenceXPrice,
            Notes = "NVL72: one 72-GPU NVLink domain (18 compute trays x 4 GPUs). Scale-out ASSUMED: InferenceX gives none (single NVL72 domain); " +
                "we assume one ConnectX-7 400 Gbit/s NIC per GPU (50 GB/s per direction). Azure ND GB200 v6 achieved 2,744 FP8 TFLOPS GEMM " +
                "and 7.35 TB/s HBM (92%). Grace C2C (900 GB/s bidirectional) offload is not modelled. nvidia-smi: 189,471 MiB (198.7 GB) for the '192 GB' part." + DriverMemory,
        },
        new HardwareSpec
        {
            Id = "gb300",
            Name = "GB300 NVL72 (per GPU)",
            Vendor = "NVIDIA",
            Bf16Flops = FlopRate.FromTeraflops(2500),
            Fp8Flops = FlopRate.FromTeraflops(5000),
            Fp4Flops = FlopRate.FromTeraflops(15000),
            Memory = ByteCount.FromGigabytes(288),
            MemoryBandwidth = Bandwidth.FromTerabytesPerSecond(8),
            ScaleUpDomainGpus = 72,
            ScaleUpBandwidth = Bandwidth.FromGigabytesPerSecond(900),
            ScaleOutBandwidth = Bandwidth.FromGigabitsPerSecond(800),
            GpuHourPrice = new Usd(2.652),
            Source = InferenceXSpecs + "; https://lmsys.org/blog/2026-02-19-gb300-longctx/ ; https://lmsys.org/blog/2026-02-20-gb300-inferencex/ ; " +
                InferenceXPrice,
            Notes = "NVL72: one 72-GPU NVLink domain. Scale-out: ConnectX-8 800 Gbit/s per GPU = 100 GB/s per direction " +
                "(InferenceX gives none for NVL72). Price: the source marks it temporary (1.2 x GB200). Memory: 288 GB decimal as listed (no driver-reported total found; B300 reads 288.4 GB).",
        },
        new HardwareSpec
        {
            Id = "mi300x",
            Name = "Instinct MI300X",
            Vendor = "AMD",
            SoftwareStack = SoftwarePlatform.Rocm,
            Bf16Flops = FlopRate.FromTeraflops(1307),
            Fp8Flops = FlopRate.FromTeraflops(2615),
            Fp4Flops = null,
            Memory = new ByteCount(205_822_885_888),
            MemoryBandwidth = Bandwidth.FromTerabytesPerSecond(5.3),
            ScaleUpDomainGpus = 8,
            ScaleUpBandwidth = Bandwidth.FromGigabytesPerSecond(448),
            ScaleOutBandwidth = Bandwidth.FromGigabitsPerSecond(400),
            GpuHourPrice = new Usd(1.12),
            Source = InferenceXSpecs + "; " + InferenceXPrice,
            Notes = "Infinity Fabric full mesh (7 links); 448 GB/s is InferenceX's per-GPU unidirectional figure, though a mesh gives " +
                "each peer pair only one link (64 GB/s). No FP4 tensor cores. " + ScaleOut400 + " rocm-smi: 205,822,885,888 B (191.7 GiB) for the '192 GB' part." + DriverMemory,
        },
        new HardwareSpec
        {
            Id = "mi325x",
            Name = "Instinct MI325X",
            Vendor = "AMD",
            SoftwareStack = SoftwarePlatform.Rocm,
            Bf16Flops = FlopRate.FromTeraflops(1307),
            Fp8Flops = FlopRate.FromTeraflops(2615),
            Fp4Flops = null,
            Memory = ByteCount.FromGibibytes(256),
            MemoryBandwidth = Bandwidth.FromTerabytesPerSecond(6),
            ScaleUpDomainGpus = 8,
            ScaleUpBandwidth = Bandwidth.FromGigabytesPerSecond(448),
            ScaleOutBandwidth = Bandwidth.FromGigabitsPerSecond(400),
            GpuHourPrice = new Usd(1.28),
            Source = InferenceXSpecs + "; " + InferenceXPrice,
            Notes = "Same CDNA3 compute as MI300X, more HBM3e. No FP4 tensor cores. " + ScaleOut400 + " Memory: 256 GiB (AMD quotes binary GB: the MI300X '192 GB' reads 191.7 GiB in rocm-smi).",
        },
        new HardwareSpec
        {
            Id = "mi355x",
            Name = "Instinct MI355X",
            Vendor = "AMD",
            SoftwareStack = SoftwarePlatform.Rocm,
            Bf16Flops = FlopRate.FromTeraflops(2516),
            Fp8Flops = FlopRate.FromTeraflops(5033),
            Fp4Flops = FlopRate.FromTeraflops(10066),
            Memory = ByteCount.FromGibibytes(288),
            MemoryBandwidth = Bandwidth.FromTerabytesPerSecond(8),
            ScaleUpDomainGpus = 8,
            ScaleUpBandwidth = Bandwidth.FromGigabytesPerSecond(576),
            ScaleOutBandwidth = Bandwidth.FromGigabitsPerSecond(400),
            GpuHourPrice = new Usd(1.48),
            Source = InferenceXSpecs + "; " + InferenceXPrice,
            Notes = "5th-gen Infinity Fabric full mesh. " + ScaleOut400 + " ISSCC 2026 coverage: FP8 'five petaflops' (agrees). " +
                "Power 1400 W TBP (secondary source, wccftech). Memory: 288 GiB (AMD quotes binary GB: the MI300X '192 GB' reads 191.7 GiB in rocm-smi).",
        },
    ];
}
