using TokenKernels;
using Xunit;

namespace TokenKernels.Tests.Catalog;

public class HuggingFaceConfigTests
{
    private static ModelSpec Import(string name) =>
        HuggingFaceConfig.Load(Path.Combine(AppContext.BaseDirectory, "Catalog", "configs", name + ".config.json"), name);

    [Fact]
    public void DenseGqa_Llama70B_ImportsItsArchitecture_And70Point6BParameters()
    {
        var m = Import("llama-3.3-70b");
        Assert.Equal(AttentionKind.Gqa, m.Attention.Kind);
        Assert.Equal((64, 8, 128), (m.Attention.QueryHeads, m.Attention.KvHeads, m.Attention.HeadDim));
        Assert.Equal((80, 80, 28672), (m.Layers, m.DenseLayers, m.DenseFfnDim));
        Assert.Null(m.Moe);
        Assert.False(m.TiedEmbeddings);
        Assert.Equal(Precision.Bf16, m.NativeWeights);

        // 80 x (attention 151.0M + FFN 3 x 8192 x 28672 = 704.6M) + 2 x 128256 x 8192 (1.051B) = 70.55B; published 70.6B.
        Assert.InRange(m.TotalParameters / 70.6e9, 0.99, 1.01);
        Assert.Equal(m.TotalParameters, BuiltInCatalog.GetModel("llama-3.3-70b").TotalParameters);
    }

    [Fact]
    public void MoeGqa_Qwen3_ImportsExperts_And235BParameters()
    {
        var m = Import("qwen3-235b-a22b");
        Assert.Equal((64, 4, 128), (m.Attention.QueryHeads, m.Attention.KvHeads, m.Attention.HeadDim));
        Assert.Equal(0, m.DenseLayers);
        Assert.Equal(new MoeSpec { RoutedExperts = 128, SharedExperts = 0, ExpertsPerToken = 8, ExpertFfnDim = 1536 }, m.Moe);

        // use_sliding_window false: the sliding_window field must not turn on windowed layers.
        Assert.Equal(0, m.Attention.SlidingWindowLayers);

        // attention 94 x 71.3M + experts 94 x 128 x 3 x 4096 x 1536 (227.1B) + embeddings 2 x 0.622B = 235.1B; published 235B.
        Assert.InRange(m.TotalParameters / 235e9, 0.99, 1.01);

        // active: 6.70B + 94 x 8 x 18.87M (14.19B) + 1.24B embeddings = 22.2B; published 22B.
        Assert.InRange(m.ActiveParameters / 22e9, 0.97, 1.03);
    }

    [Fact]
    public void Mla_DeepSeekV3_ImportsLatentAttention_And671BParameters()
    {
        var m = Import("deepseek-v3");
        var a = m.Attention;
        Assert.Equal(AttentionKind.Mla, a.Kind);
        Assert.Equal((128, 1, 192, 128), (a.QueryHeads, a.KvHeads, a.HeadDim, a.EffectiveValueHeadDim));
        Assert.Equal((1536, 512, 128, 64), (a.QLoraRank, a.KvLoraRank, a.QkNopeHeadDim, a.QkRopeHeadDim));
        Assert.Equal((3, 18432), (m.DenseLayers, m.DenseFfnDim));
        Assert.Equal(new MoeSpec { RoutedExperts = 256, SharedExperts = 1, ExpertsPerToken = 8, ExpertFfnDim = 2048 }, m.Moe);
        Assert.Equal(Precision.Fp8, m.NativeWeights);

        // num_nextn_predict_layers: 1 (the MTP module engines run as a draft model).
        Assert.Equal(1, m.MtpModules);

        // (512 + 64) x 2 B x 61 layers = 70,272 B per token in BF16.
        Assert.Equal(70_272, m.KvBytesPerToken(Precision.Bf16).Bytes);

        // 11.41B attention + 1.19B dense FFN + 656.5B experts + 0.11B router + 1.85B embeddings = 671.1B; published 671B.
        Assert.InRange(m.TotalParameters / 671e9, 0.99, 1.01);

        // The import and the built-in entry describe the same network.
        var builtIn = BuiltInCatalog.GetModel("deepseek-v3");
        Assert.Equal(builtIn.Attention, m.Attention);
        Assert.Equal(builtIn with { Id = m.Id, Name = m.Name, Source = m.Source, Notes = m.Notes }, m);
    }

    [Fact]
    public void SlidingWindowMoe_GptOss_CountsWindowedLayers_AndMxfp4()
    {
        var m = Import("gpt-oss-120b");
        Assert.Equal((128, 18), (m.Attention.SlidingWindow, m.Attention.SlidingWindowLayers));
        Assert.Equal(new MoeSpec { RoutedExperts = 128, SharedExperts = 0, ExpertsPerToken = 4, ExpertFfnDim = 2880 }, m.Moe);
        Assert.Equal(0, m.DenseLayers);
        Assert.Equal(Precision.Fp4, m.NativeWeights);

        // attention 36 x 26.5M (0.96B) + experts 36 x 128 x 3 x 2880^2 (114.7B) + embeddings 2 x 0.579B = 116.8B;
        // the model card says 116.83B.
        Assert.InRange(m.TotalParameters / 116.83e9, 0.99, 1.01);
    }

    [Fact]
    public void Mixtral_AllLayersMoe_HeadDimDefaultsToHiddenOverHeads()
    {
        var m = Import("mixtral-8x7b");
        Assert.Equal(128, m.Attention.HeadDim); // 4096 / 32, no head_dim field
        Assert.Equal(0, m.DenseLayers);

        // 32 x 41.9M attention + 32 x 8 x 3 x 4096 x 14336 (45.10B) + 2 x 32000 x 4096 (0.26B) = 46.70B; Mistral says 46.7B.
        Assert.InRange(m.TotalParameters / 46.7e9, 0.99, 1.01);

        // active: 1.34B + 32 x 2 x 176.2M (11.28B) + 0.26B = 12.88B; Mistral says 12.9B.
        Assert.InRange(m.ActiveParameters / 12.9e9, 0.99, 1.01);
    }

    [Fact]
    public void DecoderSparseStep_MakesEveryOtherLayerDense()
    {
        // Qwen-MoE rule: layer i is sparse when (i + 1) % step == 0; with step 2 and 4 layers, layers 1 and 3 -> 2 dense.
        const string json = """
            { "hidden_size": 256, "num_hidden_layers": 4, "num_attention_heads": 4, "max_position_embeddings": 1024,
              "vocab_size": 1000, "intermediate_size": 512, "num_experts": 8, "num_experts_per_tok": 2,
              "moe_intermediate_size": 64, "decoder_sparse_step": 2, "shared_expert_intermediate_size": 128 }
            """;
        var m = HuggingFaceConfig.Read(json, "tiny");
        Assert.Equal(2, m.DenseLayers);
        Assert.Equal(4, m.Attention.KvHeads); // num_key_value_heads absent -> multi-head attention
        Assert.Equal(2, m.Moe!.SharedExperts); // a shared expert of width 128 = two experts of width 64
    }

    [Theory]
    [InlineData("""{ "num_hidden_layers": 2, "num_attention_heads": 4, "max_position_embeddings": 8, "vocab_size": 10 }""", "hidden_size")]
    [InlineData("""{ "hidden_size": 64, "num_hidden_layers": "two", "num_attention_heads": 4, "max_position_embeddings": 8, "vocab_size": 10 }""", "num_hidden_layers")]
    [InlineData("""{ "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "max_position_embeddings": 8, "vocab_size": 10 }""", "intermediate_size")]
    [InlineData("""{ "hidden_size": 64, "num_hidden_layers": 2, """, "malformed")]
    public void BadConfig_ThrowsArgumentException_NamingTheField(string json, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => HuggingFaceConfig.Read(json, "bad"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal("configJson", e.ParamName);
    }
}
