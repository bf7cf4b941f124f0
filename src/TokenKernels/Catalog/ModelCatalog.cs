namespace TokenKernels.Catalog;

/// <summary>
/// The built-in model architectures, read from their configs. Parameter totals are not stored: they are counted from the
/// architecture (<see cref="ModelSpecFigures"/>: <c>spec.TotalParameters</c>) and the catalog tests compare them with the published figures.
/// </summary>
internal static class ModelCatalog
{
    private static readonly AttentionSpec DeepSeekMla = new()
    {
        Kind = AttentionKind.Mla,
        QueryHeads = 128,
        KvHeads = 1,
        HeadDim = 192,
        ValueHeadDim = 128,
        QLoraRank = 1536,
        KvLoraRank = 512,
        QkNopeHeadDim = 128,
        QkRopeHeadDim = 64,
    };

    private static ModelSpec DeepSeekV3(string id, string name) => new()
    {
        Id = id,
        Name = name,
        Layers = 61,
        Hidden = 7168,
        Vocab = 129280,
        MaxContext = 163840,
        Attention = DeepSeekMla,
        DenseLayers = 3,
        DenseFfnDim = 18432,
        Moe = new MoeSpec { RoutedExperts = 256, SharedExperts = 1, ExpertsPerToken = 8, ExpertFfnDim = 2048 },
        TiedEmbeddings = false,
        MtpModules = 1,
        NativeWeights = Precision.Fp8,
        Source = "deepseek-ai/DeepSeek-V3 inference/configs/config_671B.json + README.md + README_WEIGHTS.md (snapshot 9b4e978, 2025-08-28); " +
            "HF deepseek-ai/DeepSeek-V3 config.json (max_position_embeddings 163840)",
        Notes = "DeepSeek-V3 and R1 share this architecture (two ids). 61 layers = 3 dense + 58 MoE; the MTP module (14B, 685B on HF " +
            "in total) is not counted. Published: 671B total, 37B active. MaxContext is the config's max_position_embeddings 163840; " +
            "the README says 128K, but published measurements run 131072 + 8192 tokens, so the config value is used. " +
            "Native FP8 e4m3 with 128x128 block scales. Routing: 8 groups, top-4 groups (not modelled; uniform routing assumed). " +
            "KV per token (512 + 64) x 61 = 35,136 B at FP8 (lmsys GB300 long-context blog).",
    };

    public static IReadOnlyList<ModelSpec> All { get; } =
    [
        DeepSeekV3("deepseek-v3", "DeepSeek-V3"),
        DeepSeekV3("deepseek-r1", "DeepSeek-R1"),
        new ModelSpec
        {
            Id = "kimi-k2",
            Name = "Kimi K2 (Instruct)",
            Layers = 61,
            Hidden = 7168,
            Vocab = 163840,
            MaxContext = 131072,
            Attention = DeepSeekMla with { QueryHeads = 64 },
            DenseLayers = 1,
            DenseFfnDim = 18432,
            Moe = new MoeSpec { RoutedExperts = 384, SharedExperts = 1, ExpertsPerToken = 8, ExpertFfnDim = 2048 },
            TiedEmbeddings = false,
            NativeWeights = Precision.Fp8,
            Source = "https://lmsys.org/blog/2025-07-20-k2-large-scale-ep/ (1T total, 32B active, 384 experts); " +
                "SemiAnalysisAI/InferenceX-app packages/app/src/lib/model-architectures.ts (K2.5 dims); HF moonshotai/Kimi-K2-Instruct config.json",
            Notes = "DeepSeek-V3 architecture with 64 heads, 1 dense layer and 384 experts; MLA ranks as V3. Counted from the architecture " +
                "the total is ~1.03T (published '1T' is rounded) and the active ~32.9B (published 32B). MaxContext 131072 " +
                "(Kimi-K2-Instruct config; K2-0905 and K2.5 extend to 262144). Checkpoint ships block-FP8 weights.",
        },
        new ModelSpec
        {
            Id = "llama-3.1-8b",
            Name = "Llama 3.1 8B",
            Layers = 32,
            Hidden = 4096,
            Vocab = 128256,
            MaxContext = 131072,
            Attention = new AttentionSpec { Kind = AttentionKind.Gqa, QueryHeads = 32, KvHeads = 8, HeadDim = 128 },
            DenseLayers = 32,
            DenseFfnDim = 14336,
            TiedEmbeddings = false,
            NativeWeights = Precision.Bf16,
            Source = "meta-llama/llama-models models/llama3/args.py (dim 4096, 32 layers, 32 heads) and models/llama3_1/MODEL_CARD.md " +
                "(128k context, GQA); HF meta-llama/Llama-3.1-8B-Instruct config.json (8 KV heads, ffn 14336)",
            Notes = "Published 8B (8.03B counted). KV heads and FFN width come from config copies, not Meta's own args.py defaults.",
        },
        new ModelSpec
        {
            Id = "llama-3.3-70b",
            Name = "Llama 3.3 70B",
            Layers = 80,
            Hidden = 8192,
            Vocab = 128256,
            MaxContext = 131072,
            Attention = new AttentionSpec { Kind = AttentionKind.Gqa, QueryHeads = 64, KvHeads = 8, HeadDim = 128 },
            DenseLayers = 80,
            DenseFfnDim = 28672,
            TiedEmbeddings = false,
            NativeWeights = Precision.Bf16,
            Source = "AI-Hypercomputer/maxtext src/MaxText/configs/models/llama3.1-70b.yml; meta-llama/llama-models " +
                "models/llama3_3/MODEL_CARD.md (128k context, GQA); InferenceX-app model-architectures.ts (same dims)",
            Notes = "Same architecture as Llama 3.1 70B. Published '70B'; counted 70.55B. NVIDIA FP8/FP4 ModelOpt checkpoints are used in " +
                "TRT-LLM tables.",
        },
        new ModelSpec
        {
            Id = "llama-3.1-405b",
            Name = "Llama 3.1 405B",
            Layers = 126,
            Hidden = 16384,
            Vocab = 128256,
            MaxContext = 131072,
            Attention = new AttentionSpec { Kind = AttentionKind.Gqa, QueryHeads = 128, KvHeads = 8, HeadDim = 128 },
            DenseLayers = 126,
            DenseFfnDim = 53248,
            TiedEmbeddings = false,
            NativeWeights = Precision.Bf16,
            Source = "AI-Hypercomputer/maxtext src/MaxText/configs/models/llama3.1-405b.yml; meta-llama/llama-models models/llama3_1/MODEL_CARD.md",
            Notes = "Published 405B; counted 405.9B. Meta also released an FP8 checkpoint.",
        },
        new ModelSpec
        {
            Id = "gpt-oss-120b",
            Name = "gpt-oss-120b",
            Layers = 36,
            Hidden = 2880,
            Vocab = 201088,
            MaxContext = 131072,
            Attention = new AttentionSpec
            {
                Kind = AttentionKind.Gqa,
                QueryHeads = 64,
                KvHeads = 8,
                HeadDim = 64,
                SlidingWindow = 128,
                SlidingWindowLayers = 18,
            },
            DenseLayers = 0,
            Moe = new MoeSpec { RoutedExperts = 128, SharedExperts = 0, ExpertsPerToken = 4, ExpertFfnDim = 2880 },
            TiedEmbeddings = false,
            NativeWeights = Precision.Fp4,
            Source = "openai/gpt-oss gpt_oss/torch/model.py ModelConfig defaults + README.md (117B total, 5.1B active, MXFP4); " +
                "https://blog.vllm.ai/2025/08/05/gpt-oss.html (BF16 non-MoE weights, 63 GB checkpoint); InferenceX-app model-architectures.ts",
            Notes = "Even layers use a 128-token sliding window, odd layers full attention. Context 131072 = 4096 x YaRN factor 32. " +
                "MoE weights MXFP4, attention and embeddings BF16 (the model applies one weight precision to the bulk weights). " +
                "Attention sinks, biases and swiglu_limit are not modelled.",
        },
        new ModelSpec
        {
            Id = "qwen3-235b-a22b",
            Name = "Qwen3-235B-A22B",
            Layers = 94,
            Hidden = 4096,
            Vocab = 151936,
            MaxContext = 40960,
            Attention = new AttentionSpec { Kind = AttentionKind.Gqa, QueryHeads = 64, KvHeads = 4, HeadDim = 128 },
            DenseLayers = 0,
            Moe = new MoeSpec { RoutedExperts = 128, SharedExperts = 0, ExpertsPerToken = 8, ExpertFfnDim = 1536 },
            TiedEmbeddings = false,
            NativeWeights = Precision.Bf16,
            Source = "AI-Hypercomputer/maxtext src/MaxText/configs/models/qwen3-235b-a22b.yml; Ascend/MindSpeed-RL " +
                "configs/model/qwen3_235b_a22b.yaml; HF Qwen/Qwen3-235B-A22B config.json (max_position_embeddings 40960)",
            Notes = "Published 235B total, 22B active. MaxContext 40960 is the config's max_position_embeddings; the model card extends " +
                "it to 131072 with YaRN (rope scaling factor 4), which the user must enable. Rope max timescale differs between sources " +
                "(5e6 maxtext, 1e6 MindSpeed; irrelevant here). NVIDIA FP8/FP4 ModelOpt checkpoints are used in TRT-LLM tables.",
        },
    ];
}
