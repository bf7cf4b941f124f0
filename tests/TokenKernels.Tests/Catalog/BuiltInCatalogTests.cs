using TokenKernels;
using Xunit;

namespace TokenKernels.Tests.Catalog;

public class BuiltInCatalogTests
{
    // The CLI contract (DESIGN.md section 3) fixes these ids; scripts depend on them.
    private static readonly string[] ContractHardware =
        ["h100-sxm", "h200", "h800", "h20", "b200", "b300", "gb200", "gb300", "mi300x", "mi325x", "mi355x"];

    private static readonly string[] ContractModels =
        ["deepseek-v3", "deepseek-r1", "kimi-k2", "llama-3.1-8b", "llama-3.3-70b", "llama-3.1-405b", "gpt-oss-120b", "qwen3-235b-a22b"];

    [Fact]
    public void Ids_AreExactlyTheContractIds_AndUnique()
    {
        Assert.Equal(ContractHardware, BuiltInCatalog.Hardware.Select(h => h.Id));
        Assert.Equal(ContractModels, BuiltInCatalog.Models.Select(m => m.Id));
        Assert.Equal(BuiltInCatalog.Hardware.Count, BuiltInCatalog.Hardware.Select(h => h.Id.ToUpperInvariant()).Distinct().Count());
        Assert.Equal(BuiltInCatalog.Models.Count, BuiltInCatalog.Models.Select(m => m.Id.ToUpperInvariant()).Distinct().Count());
    }

    [Fact]
    public void EveryHardwareEntry_HasASource_AndPositiveFiniteFigures()
    {
        foreach (var h in BuiltInCatalog.Hardware)
        {
            Assert.False(string.IsNullOrWhiteSpace(h.Source), h.Id);
            Assert.False(string.IsNullOrWhiteSpace(h.Name), h.Id);
            h.Validate();
            double[] figures =
            [
                h.Bf16Flops.FlopsPerSecond, h.Fp8Flops.FlopsPerSecond, h.Memory.Bytes, h.MemoryBandwidth.BytesPerSecond,
                h.ScaleUpDomainGpus, h.ScaleUpBandwidth.BytesPerSecond, h.ScaleOutBandwidth.BytesPerSecond,
                h.Fp4Flops?.FlopsPerSecond ?? 1, h.GpuHourPrice?.Dollars ?? 1,
            ];
            Assert.All(figures, v => Assert.True(double.IsFinite(v) && v > 0, $"{h.Id}: {v}"));

            // Lower precision never runs slower on the same tensor cores.
            Assert.True(h.Fp8Flops >= h.Bf16Flops, h.Id);
            Assert.True((h.Fp4Flops ?? h.Fp8Flops) >= h.Fp8Flops, h.Id);
        }
    }

    [Fact]
    public void EveryModelEntry_HasASource_AndPositiveFiniteFigures()
    {
        foreach (var m in BuiltInCatalog.Models)
        {
            Assert.False(string.IsNullOrWhiteSpace(m.Source), m.Id);
            m.Validate();
            int[] dims = [m.Layers, m.Hidden, m.Vocab, m.MaxContext, m.Attention.QueryHeads, m.Attention.KvHeads, m.Attention.HeadDim];
            Assert.All(dims, v => Assert.True(v > 0, $"{m.Id}: {v}"));
            Assert.True(double.IsFinite(m.TotalParameters) && m.TotalParameters > 0, m.Id);
            Assert.True(m.ActiveParameters > 0 && m.ActiveParameters <= m.TotalParameters + (m.Vocab * (double)m.Hidden), m.Id);
            Assert.True(m.KvBytesPerToken(Precision.Bf16).Bytes > 0, m.Id);
        }
    }

    [Fact]
    public void DecisionsTaken_AreInTheCatalog()
    {
        // Per direction: H800's 400 GB/s is the bidirectional total of 8 NVLink links -> 200; H20's 900 GB/s -> 450.
        Assert.Equal(200e9, BuiltInCatalog.GetHardware("h800").ScaleUpBandwidth.BytesPerSecond);
        Assert.Equal(450e9, BuiltInCatalog.GetHardware("h20").ScaleUpBandwidth.BytesPerSecond);

        // 400 Gbit/s / 8 = 50 GB/s; H20 200 Gbit/s -> 25 GB/s; B300/GB300 800 Gbit/s -> 100 GB/s.
        Assert.Equal(50e9, BuiltInCatalog.GetHardware("h100-sxm").ScaleOutBandwidth.BytesPerSecond);
        Assert.Equal(25e9, BuiltInCatalog.GetHardware("h20").ScaleOutBandwidth.BytesPerSecond);
        Assert.Equal(100e9, BuiltInCatalog.GetHardware("gb300").ScaleOutBandwidth.BytesPerSecond);
        Assert.Equal(72, BuiltInCatalog.GetHardware("gb200").ScaleUpDomainGpus);
        Assert.Equal(8, BuiltInCatalog.GetHardware("b300").ScaleUpDomainGpus);
        // Device memory is what the driver reports: B300 275,040 MiB = 288.4e9 B (InferenceX's "268" is the same in GiB);
        // H100 81,559 MiB = 85.52e9 B for the datasheet's "80 GB"; MI300X 205,822,885,888 B (rocm-smi) for "192 GB".
        Assert.Equal(275040 * 1048576.0, BuiltInCatalog.GetHardware("b300").Memory.Bytes);
        Assert.Contains("268", BuiltInCatalog.GetHardware("b300").Notes, StringComparison.Ordinal);
        Assert.Equal(81559 * 1048576.0, BuiltInCatalog.GetHardware("h100-sxm").Memory.Bytes);
        Assert.Equal(205_822_885_888, BuiltInCatalog.GetHardware("mi300x").Memory.Bytes);
        Assert.Contains("nvidia-smi", BuiltInCatalog.GetHardware("h200").Notes, StringComparison.Ordinal);
        Assert.Contains("ASSUMED", BuiltInCatalog.GetHardware("gb200").Notes, StringComparison.Ordinal);

        Assert.Null(BuiltInCatalog.GetHardware("mi325x").Fp4Flops);
        Assert.Null(BuiltInCatalog.GetHardware("h20").GpuHourPrice);
        Assert.Equal(2.21, BuiltInCatalog.GetHardware("gb200").GpuHourPrice!.Value.Dollars);
        Assert.Equal(1.95, BuiltInCatalog.GetHardware("b200").GpuHourPrice!.Value.Dollars);
        Assert.Equal(2.0, BuiltInCatalog.GetHardware("h800").GpuHourPrice!.Value.Dollars);
    }

    [Fact]
    public void DeepSeekV3_KvCache_Is70272BytesPerToken_InBf16()
    {
        // MLA stores one latent (kv_lora_rank 512) plus one RoPE key (64) per token per layer:
        // (512 + 64) x 2 B x 61 layers = 70,272 B. FP8 halves it: 35,136 B (the lmsys GB300 blog's figure).
        var v3 = BuiltInCatalog.GetModel("deepseek-v3");
        Assert.Equal(70_272, v3.KvBytesPerToken(Precision.Bf16).Bytes);
        Assert.Equal(35_136, v3.KvBytesPerToken(Precision.Fp8).Bytes);
    }

    [Fact]
    public void Llama70B_KvCache_IsGqaSize()
    {
        // GQA: K and V for 8 KV heads of 128: 2 x 8 x 128 x 2 B = 4,096 B per layer, x 80 layers = 327,680 B.
        Assert.Equal(327_680, BuiltInCatalog.GetModel("llama-3.3-70b").KvBytesPerToken(Precision.Bf16).Bytes);
    }

    // Published totals vs counts from the architecture. Our count omits norms and biases (< 0.01%), so the gap is
    // the publisher's rounding. Hand counts (SwiGLU FFN = 3 x hidden x ffn; untied embeddings count vocab x hidden twice):
    // deepseek-v3: attention 61 x 187.1M = 11.41B; dense FFN 3 x 396.4M = 1.19B; experts 58 x 257 x 44.04M = 656.5B;
    //   router 0.11B; embeddings 2 x 0.93B = 1.85B -> 671.1B vs 671B (1%).
    // kimi-k2: attention 61 x 101.1M = 6.17B; dense 0.40B; experts 60 x 385 x 44.04M = 1017.3B; router 0.17B; embeddings 2.35B
    //   -> 1026B vs "1T": the published figure is rounded to one significant digit, so 5%.
    // llama-3.1-8b: 32 x (41.9M + 176.2M) + 2 x 0.525B = 8.03B vs 8.03B (1%).
    // llama-3.3-70b: 80 x (151.0M + 704.6M) + 2 x 1.051B = 70.55B vs 70.6B (1%).
    // llama-3.1-405b: 126 x (570.4M + 2617.2M) + 2 x 2.101B = 405.85B vs 405B (1%).
    // gpt-oss-120b: attention 36 x 26.5M = 0.96B; experts 36 x 128 x 24.88M = 114.7B; embeddings 2 x 0.579B = 1.16B
    //   -> 116.8B vs 116.83B in the model card (1%).
    // qwen3-235b-a22b: attention 94 x 71.3M = 6.70B; experts 94 x 128 x 18.87M = 227.1B; embeddings 2 x 0.622B = 1.24B
    //   -> 235.1B vs 235B (1%).
    [Theory]
    [InlineData("deepseek-v3", 671e9, 0.01)]
    [InlineData("deepseek-r1", 671e9, 0.01)]
    [InlineData("kimi-k2", 1000e9, 0.05)]
    [InlineData("llama-3.1-8b", 8.03e9, 0.01)]
    [InlineData("llama-3.3-70b", 70.6e9, 0.01)]
    [InlineData("llama-3.1-405b", 405e9, 0.01)]
    [InlineData("gpt-oss-120b", 116.83e9, 0.01)]
    [InlineData("qwen3-235b-a22b", 235e9, 0.01)]
    public void TotalParameters_MatchPublishedFigure(string id, double published, double tolerance)
    {
        double counted = BuiltInCatalog.GetModel(id).TotalParameters;
        Assert.InRange(counted / published, 1 - tolerance, 1 + tolerance);
    }

    // Active = attention + dense FFN + shared and top-k experts + router + embeddings and LM head.
    // deepseek-v3: 11.41 + 1.19 + 58 x 9 x 44.04M (22.99) + 0.11 + 1.85 = 37.55B vs 37B (README) -> 3%.
    // qwen3-235b-a22b: 6.70 + 94 x 8 x 18.87M (14.19) + 0.05 + 1.24 = 22.19B vs 22B -> 3%.
    // kimi-k2: 6.17 + 0.40 + 60 x 9 x 44.04M (23.78) + 0.17 + 2.35 = 32.86B vs 32B -> 3%.
    [Theory]
    [InlineData("deepseek-v3", 37e9, 0.03)]
    [InlineData("qwen3-235b-a22b", 22e9, 0.03)]
    [InlineData("kimi-k2", 32e9, 0.03)]
    public void ActiveParameters_MatchPublishedFigure(string id, double published, double tolerance)
    {
        double counted = BuiltInCatalog.GetModel(id).ActiveParameters;
        Assert.InRange(counted / published, 1 - tolerance, 1 + tolerance);
    }

    [Fact]
    public void Lookup_IsCaseInsensitive()
    {
        Assert.Equal("h200", BuiltInCatalog.GetHardware("H200").Id);
        Assert.Equal("deepseek-r1", BuiltInCatalog.GetModel("DeepSeek-R1").Id);
    }

    [Fact]
    public void UnknownId_Throws_NamingTheParameter_AndListingValidIds()
    {
        var e = Assert.Throws<ArgumentException>(() => BuiltInCatalog.GetHardware("h300"));
        Assert.Equal("id", e.ParamName);
        Assert.Contains("h100-sxm", e.Message, StringComparison.Ordinal);
        Assert.Contains("mi355x", e.Message, StringComparison.Ordinal);

        var m = Assert.Throws<ArgumentException>(() => BuiltInCatalog.GetModel("gpt-5"));
        Assert.Equal("id", m.ParamName);
        Assert.Contains("qwen3-235b-a22b", m.Message, StringComparison.Ordinal);
    }
}
