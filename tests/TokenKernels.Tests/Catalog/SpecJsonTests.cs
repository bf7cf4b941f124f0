using TokenKernels;
using Xunit;

namespace TokenKernels.Tests.Catalog;

public class SpecJsonTests
{
    public static TheoryData<string> HardwareIds => new(BuiltInCatalog.Hardware.Select(h => h.Id));

    public static TheoryData<string> ModelIds => new(BuiltInCatalog.Models.Select(m => m.Id));

    [Theory]
    [MemberData(nameof(HardwareIds))]
    public void Hardware_RoundTrips(string id)
    {
        var h = BuiltInCatalog.GetHardware(id);
        var back = HardwareJson.Read(HardwareJson.Write(h));

        // Unit conversions (TB/s -> B/s and back) may cost the last bit; compare the serialized form and the key figures.
        Assert.Equal(HardwareJson.Write(h), HardwareJson.Write(back));
        Assert.Equal(h.Memory.Bytes, back.Memory.Bytes, 6);
        Assert.Equal(h.Fp4Flops is null, back.Fp4Flops is null);
        Assert.Equal(h.GpuHourPrice, back.GpuHourPrice);
        Assert.Equal(h.Source, back.Source);
    }

    [Theory]
    [MemberData(nameof(ModelIds))]
    public void Model_RoundTrips_Exactly(string id)
    {
        var m = BuiltInCatalog.GetModel(id);
        Assert.Equal(m, ModelJson.Read(ModelJson.Write(m)));
    }

    [Fact]
    public void Hardware_UsesUnitsInFieldNames()
    {
        string json = HardwareJson.Write(BuiltInCatalog.GetHardware("h200"));
        // 143,771 MiB (nvidia-smi) = 150.755e9 B, written in decimal GB.
        Assert.Contains("\"memory_gb\": 150.75", json, StringComparison.Ordinal);
        Assert.Contains("\"hbm_tb_s\": 4.8", json, StringComparison.Ordinal);
        Assert.Contains("\"bf16_tflops\": 989", json, StringComparison.Ordinal);
        Assert.Contains("\"fp4_tflops\": null", json, StringComparison.Ordinal);
        Assert.Contains("\"scale_out_gb_s\": 50", json, StringComparison.Ordinal);
    }

    [Fact]
    public void UserHardwareFile_LoadsAndSaves()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tk-hw-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """
                {
                  // A made-up accelerator with round numbers.
                  "id": "my-gpu", "bf16_tflops": 1000, "fp8_tflops": 2000, "memory_gb": 100, "hbm_tb_s": 5,
                  "scale_up_domain_gpus": 8, "scale_up_gb_s": 400, "scale_out_gb_s": 50, "gpu_hour_usd": 2,
                  "source": "my datasheet"
                }
                """);
            var h = HardwareJson.Load(path);
            Assert.Equal(100e9, h.Memory.Bytes);
            Assert.Equal(5e12, h.MemoryBandwidth.BytesPerSecond);
            Assert.Null(h.Fp4Flops);
            Assert.Equal("my-gpu", h.Name);
            HardwareJson.Save(h, path);
            Assert.Equal(h, HardwareJson.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("memory_gb", "-1", "memory_gb")]
    [InlineData("memory_gb", "\"80\"", "memory_gb")]
    [InlineData("scale_up_domain_gpus", "7.5", "scale_up_domain_gpus")]
    [InlineData("memory_gbs", "80", "memory_gbs")]
    [InlineData("source", "\"\"", "source")]
    public void MalformedHardware_Throws_NamingTheField(string field, string value, string expected)
    {
        var h = System.Text.Json.Nodes.JsonNode.Parse(HardwareJson.Write(BuiltInCatalog.GetHardware("h100-sxm")))!.AsObject();
        h[field] = System.Text.Json.Nodes.JsonNode.Parse(value);
        var e = Assert.Throws<ArgumentException>(() => HardwareJson.Read(h.ToJsonString()));
        Assert.Contains($"'{expected}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SoftwareStack_IsExplicit_AndRequiredForAnAmdPart()
    {
        // The catalog's AMD parts run ROCm and round-trip it; the packed physics flag follows the field, not the vendor name.
        var mi = BuiltInCatalog.GetHardware("mi300x");
        Assert.Equal(SoftwarePlatform.Rocm, mi.SoftwareStack);
        var o = System.Text.Json.Nodes.JsonNode.Parse(HardwareJson.Write(mi))!.AsObject();
        Assert.Equal("rocm", (string?)o["software_stack"]);
        Assert.Equal(SoftwarePlatform.Rocm, HardwareJson.Read(o.ToJsonString()).SoftwareStack);
        Assert.Equal(1, Packing.HardwarePacker.Pack(mi with { Vendor = "someone" }).Stack);
        Assert.Equal(0, Packing.HardwarePacker.Pack(mi with { SoftwareStack = SoftwarePlatform.Cuda }).Stack);

        // An AMD spec file that does not say its stack is rejected, naming the field; other vendors default to CUDA.
        o.Remove("software_stack");
        var e = Assert.Throws<ArgumentException>(() => HardwareJson.Read(o.ToJsonString()));
        Assert.Contains("'software_stack'", e.Message, StringComparison.Ordinal);
        var h = System.Text.Json.Nodes.JsonNode.Parse(HardwareJson.Write(BuiltInCatalog.GetHardware("h100-sxm")))!.AsObject();
        h.Remove("software_stack");
        Assert.Equal(SoftwarePlatform.Cuda, HardwareJson.Read(h.ToJsonString()).SoftwareStack);
        // An AITER-native engine's stack is its own value, round-trips, and packs as 2.
        o["software_stack"] = "rocm-aiter";
        var aiter = HardwareJson.Read(o.ToJsonString());
        Assert.Equal(SoftwarePlatform.RocmAiter, aiter.SoftwareStack);
        Assert.Equal("rocm-aiter", (string?)System.Text.Json.Nodes.JsonNode.Parse(HardwareJson.Write(aiter))!["software_stack"]);
        Assert.Equal(2, Packing.HardwarePacker.Pack(aiter).Stack);
        // A general framework on CUDA (vLLM, SGLang) likewise: cuda-framework, packed as 3.
        h["software_stack"] = "cuda-framework";
        var framework = HardwareJson.Read(h.ToJsonString());
        Assert.Equal(SoftwarePlatform.CudaFramework, framework.SoftwareStack);
        Assert.Equal("cuda-framework", (string?)System.Text.Json.Nodes.JsonNode.Parse(HardwareJson.Write(framework))!["software_stack"]);
        Assert.Equal(3, Packing.HardwarePacker.Pack(framework).Stack);
        h["software_stack"] = "metal";
        Assert.Contains("'software_stack'", Assert.Throws<ArgumentException>(() => HardwareJson.Read(h.ToJsonString())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedModel_Throws_NamingTheField()
    {
        const string missingHeads = """
            { "id": "x", "layers": 2, "hidden": 64, "vocab": 10, "max_context": 128, "dense_ffn_dim": 128, "source": "s",
              "attention": { "kind": "gqa", "head_dim": 16 } }
            """;
        Assert.Contains("'query_heads'", Assert.Throws<ArgumentException>(() => ModelJson.Read(missingHeads)).Message, StringComparison.Ordinal);

        const string badKind = """
            { "id": "x", "layers": 2, "hidden": 64, "vocab": 10, "max_context": 128, "dense_ffn_dim": 128, "source": "s",
              "attention": { "kind": "mqa", "query_heads": 4, "head_dim": 16 } }
            """;
        Assert.Contains("'kind'", Assert.Throws<ArgumentException>(() => ModelJson.Read(badKind)).Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => ModelJson.Read("[1, 2]"));
        var missingFile = Assert.Throws<ArgumentException>(() => ModelJson.Load("/no/such/model.json"));
        Assert.Equal("path", missingFile.ParamName);
    }

    [Fact]
    public void DenseModelFile_DefaultsDenseLayersToLayers()
    {
        const string json = """
            { "id": "tiny", "layers": 2, "hidden": 64, "vocab": 10, "max_context": 128, "dense_ffn_dim": 128, "source": "test",
              "attention": { "kind": "gqa", "query_heads": 4, "kv_heads": 2, "head_dim": 16 } }
            """;
        var m = ModelJson.Read(json);
        Assert.Equal(2, m.DenseLayers);

        // 2 layers x (Wq 64x64 + Wk 64x32 + Wv 64x32 + Wo 64x64 = 12,288 + FFN 3 x 64 x 128 = 24,576) = 73,728, + embeddings and head 2 x 10 x 64 = 1,280 -> 75,008.
        Assert.Equal(75_008, m.TotalParameters);
    }
}
