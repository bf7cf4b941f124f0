using System.Text.Json;
using System.Text.Json.Nodes;
using TokenKernels.Catalog;

namespace TokenKernels;

/// <summary>
/// Reads and writes a <see cref="HardwareSpec"/> as flat snake_case JSON with units in the field names, so users can add
/// accelerators the catalog lacks. Fields: <c>id</c>, <c>name</c>, <c>vendor</c>, <c>software_stack</c> (<c>cuda</c>, <c>cuda-framework</c> for vLLM or SGLang on CUDA, <c>rocm</c>, or <c>rocm-aiter</c> for an AITER-native engine such as ATOM;
/// optional for other vendors, where it defaults to cuda, and required when the vendor is AMD), <c>bf16_tflops</c>, <c>fp8_tflops</c>,
/// <c>fp4_tflops</c> (null or absent: no FP4 units), <c>memory_gb</c>, <c>hbm_tb_s</c>, <c>scale_up_domain_gpus</c>,
/// <c>scale_up_gb_s</c> and <c>scale_out_gb_s</c> (per GPU per direction), <c>gpu_hour_usd</c> (optional), <c>source</c>, <c>notes</c>.
/// Rates are dense; GB and TB are decimal.
/// </summary>
public static class HardwareJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Serializes a hardware spec.</summary>
    public static string Write(HardwareSpec hardware)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        var o = new JsonObject
        {
            ["id"] = hardware.Id,
            ["name"] = hardware.Name,
            ["vendor"] = hardware.Vendor,
            ["software_stack"] = StackName(hardware.SoftwareStack),
            ["bf16_tflops"] = hardware.Bf16Flops.Teraflops,
            ["fp8_tflops"] = hardware.Fp8Flops.Teraflops,
            ["fp4_tflops"] = hardware.Fp4Flops?.Teraflops,
            ["memory_gb"] = hardware.Memory.Gigabytes,
            ["hbm_tb_s"] = hardware.MemoryBandwidth.TerabytesPerSecond,
            ["scale_up_domain_gpus"] = hardware.ScaleUpDomainGpus,
            ["scale_up_gb_s"] = hardware.ScaleUpBandwidth.GigabytesPerSecond,
            ["scale_out_gb_s"] = hardware.ScaleOutBandwidth.GigabytesPerSecond,
            ["gpu_hour_usd"] = hardware.GpuHourPrice?.Dollars,
            ["source"] = hardware.Source,
            ["notes"] = hardware.Notes,
        };
        return o.ToJsonString(Indented);
    }

    /// <summary>The JSON spelling of a software stack: <c>cuda</c>, <c>rocm</c>, <c>rocm-aiter</c> or <c>cuda-framework</c>.</summary>
    public static string StackName(SoftwarePlatform stack) => stack switch
    {
        SoftwarePlatform.Rocm => "rocm",
        SoftwarePlatform.RocmAiter => "rocm-aiter",
        SoftwarePlatform.CudaFramework => "cuda-framework",
        _ => "cuda",
    };

    // The stacks a spec may name, each spelled by StackName (one table for reading and writing).
    private static readonly SoftwarePlatform[] Stacks = Enum.GetValues<SoftwarePlatform>();

    // Spec properties whose JSON field is not their snake_case spelling (units in the name).
    private static readonly Dictionary<string, string> FieldsByProperty = new(StringComparer.Ordinal)
    {
        [nameof(HardwareSpec.Bf16Flops)] = "bf16_tflops",
        [nameof(HardwareSpec.Fp8Flops)] = "fp8_tflops",
        [nameof(HardwareSpec.Fp4Flops)] = "fp4_tflops",
        [nameof(HardwareSpec.Memory)] = "memory_gb",
        [nameof(HardwareSpec.MemoryBandwidth)] = "hbm_tb_s",
        [nameof(HardwareSpec.ScaleUpBandwidth)] = "scale_up_gb_s",
        [nameof(HardwareSpec.ScaleOutBandwidth)] = "scale_out_gb_s",
        [nameof(HardwareSpec.GpuHourPrice)] = "gpu_hour_usd",
    };

    /// <summary>Parses a hardware spec and validates it.</summary>
    /// <exception cref="ArgumentException">The JSON is malformed, a field is missing, unknown or out of range; the message names the field.</exception>
    public static HardwareSpec Read(string json)
    {
        var f = JsonFields.Parse(json, "Hardware", nameof(json));
        var fp4 = f.OptionalPositiveNumber("fp4_tflops");
        var price = f.OptionalPositiveNumber("gpu_hour_usd");
        string vendor = f.OptionalString("vendor") ?? "";
        string? stackName = f.OptionalString("software_stack");
        var stack = stackName is null
            ? string.Equals(vendor, "AMD", StringComparison.OrdinalIgnoreCase)
                ? throw f.Error("software_stack", "is required for an AMD part (\"rocm\")")
                : SoftwarePlatform.Cuda
            : Stacks.Where(s => string.Equals(StackName(s), stackName, StringComparison.OrdinalIgnoreCase)).Cast<SoftwarePlatform?>().FirstOrDefault()
                ?? throw f.Error("software_stack", $"must be {string.Join(", ", Stacks.Select(StackName))}");
        var spec = new HardwareSpec
        {
            Id = f.String("id"),
            Name = f.OptionalString("name") ?? f.String("id"),
            Vendor = vendor,
            SoftwareStack = stack,
            Bf16Flops = FlopRate.FromTeraflops(f.PositiveNumber("bf16_tflops")),
            Fp8Flops = FlopRate.FromTeraflops(f.PositiveNumber("fp8_tflops")),
            Fp4Flops = fp4 is { } t ? FlopRate.FromTeraflops(t) : null,
            Memory = ByteCount.FromGigabytes(f.PositiveNumber("memory_gb")),
            MemoryBandwidth = Bandwidth.FromTerabytesPerSecond(f.PositiveNumber("hbm_tb_s")),
            ScaleUpDomainGpus = f.PositiveInt("scale_up_domain_gpus"),
            ScaleUpBandwidth = Bandwidth.FromGigabytesPerSecond(f.PositiveNumber("scale_up_gb_s")),
            ScaleOutBandwidth = Bandwidth.FromGigabytesPerSecond(f.PositiveNumber("scale_out_gb_s")),
            GpuHourPrice = price is { } p ? new Usd(p) : null,
            Source = f.String("source"),
            Notes = f.OptionalString("notes") ?? "",
        };
        f.RejectUnknownFields();
        try
        {
            spec.Validate();
        }
        catch (ArgumentException e)
        {
            throw f.Renamed(e, FieldsByProperty);
        }

        return spec;
    }

    /// <summary>Reads a hardware spec file.</summary>
    /// <exception cref="ArgumentException">The file is missing or its content is invalid; the message names the file and field.</exception>
    public static HardwareSpec Load(string path) => SpecFile.Read(path, nameof(path), Read);

    /// <summary>Writes a hardware spec file (indented JSON).</summary>
    public static void Save(HardwareSpec hardware, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        File.WriteAllText(path, Write(hardware));
    }
}
