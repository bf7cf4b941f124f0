using TokenKernels.Catalog;

namespace TokenKernels;

/// <summary>
/// Imports a Hugging Face <c>config.json</c> into a <see cref="ModelSpec"/>. Understands Llama-style dense GQA
/// (<c>num_key_value_heads</c>, <c>head_dim</c> defaulting to hidden / heads), Mixtral / Qwen-MoE / gpt-oss style MoE
/// (<c>num_local_experts</c> | <c>num_experts</c> | <c>n_routed_experts</c>, <c>num_experts_per_tok</c>, <c>moe_intermediate_size</c>,
/// <c>decoder_sparse_step</c>, <c>mlp_only_layers</c>, <c>shared_expert_intermediate_size</c>), DeepSeek-V3 MLA
/// (<c>q_lora_rank</c>, <c>kv_lora_rank</c>, <c>qk_nope_head_dim</c>, <c>qk_rope_head_dim</c>, <c>v_head_dim</c>,
/// <c>n_shared_experts</c>, <c>first_k_dense_replace</c>), sliding windows (<c>layer_types</c>, <c>sliding_window</c>,
/// <c>use_sliding_window</c>), <c>tie_word_embeddings</c> and the checkpoint precision (<c>quantization_config</c>, <c>torch_dtype</c>).
/// Multimodal configs are read from their <c>text_config</c>.
/// </summary>
public static class HuggingFaceConfig
{
    /// <summary>Imports a config.json's text.</summary>
    /// <param name="configJson">The content of config.json.</param>
    /// <param name="id">Id to give the model (e.g. <c>my-llama</c>).</param>
    /// <param name="source">Where the config came from (default: "Hugging Face config.json").</param>
    /// <exception cref="ArgumentException">The JSON is malformed, a required field is missing or the architecture is inconsistent; the message names the field.</exception>
    public static ModelSpec Read(string configJson, string id, string? source = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var root = JsonFields.Parse(configJson, "config.json", nameof(configJson));
        var f = !root.Has("hidden_size") && root.Object("text_config") is { } text ? text : root;
        var notes = new List<string>();

        int layers = f.PositiveInt("num_hidden_layers");
        int hidden = f.PositiveInt("hidden_size");
        int heads = f.PositiveInt("num_attention_heads");
        int maxContext = f.PositiveInt("max_position_embeddings");
        var attention = ReadAttention(f, hidden, heads, layers, maxContext);

        int experts = f.OptionalInt("n_routed_experts") ?? f.OptionalInt("num_experts") ?? f.OptionalInt("num_local_experts") ?? 0;
        MoeSpec? moe = null;
        int denseLayers = layers;
        if (experts > 0)
        {
            int expertFfn = f.OptionalInt("moe_intermediate_size") ?? f.PositiveInt("intermediate_size");
            int shared = f.OptionalInt("n_shared_experts") ?? 0;
            if (f.OptionalInt("shared_expert_intermediate_size") is > 0 and var sharedFfn && shared == 0)
            {
                // Qwen2-MoE style: one wide shared expert. MoeSpec sizes shared experts like routed ones, so count its width in experts.
                shared = Math.Max(1, (int)Math.Round(sharedFfn / (double)expertFfn));
                notes.Add($"shared expert of width {sharedFfn} counted as {shared} expert(s) of width {expertFfn}");
            }

            moe = new MoeSpec
            {
                RoutedExperts = experts,
                SharedExperts = shared,
                ExpertsPerToken = f.OptionalInt("num_experts_per_tok") ?? f.OptionalInt("num_experts_per_token") ?? f.PositiveInt("experts_per_token"),
                ExpertFfnDim = expertFfn,
            };
            denseLayers = CountDenseLayers(f, layers);
        }

        int denseFfn = denseLayers > 0 ? f.PositiveInt("intermediate_size") : 0;
        var spec = new ModelSpec
        {
            Id = id.Trim(),
            Name = id.Trim(),
            Layers = layers,
            Hidden = hidden,
            Vocab = f.PositiveInt("vocab_size"),
            MaxContext = maxContext,
            Attention = attention,
            DenseLayers = denseLayers,
            DenseFfnDim = denseFfn,
            Moe = moe,

            // transformers' PretrainedConfig defaults to tied, but every family we import sets it or defaults to untied.
            TiedEmbeddings = f.OptionalBool("tie_word_embeddings") ?? false,
            MtpModules = f.OptionalInt("num_nextn_predict_layers") ?? 0,
            NativeWeights = ReadPrecision(f, notes),
            Source = string.IsNullOrWhiteSpace(source) ? "Hugging Face config.json" : source,
            Notes = Describe(root, f, notes),
        };
        spec.Validate();
        return spec;
    }

    /// <summary>Imports a config.json file; the id defaults to the name of the folder holding it.</summary>
    /// <exception cref="ArgumentException">The file is missing or invalid; the message names the file and field.</exception>
    public static ModelSpec Load(string path, string? id = null)
    {
        string fallbackId = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path ?? ""))) is { Length: > 0 } dir ? dir : "imported-model";
        return SpecFile.Read(path!, nameof(path), json => Read(json, id ?? fallbackId, $"Hugging Face config.json ({path})"));
    }

    private static AttentionSpec ReadAttention(JsonFields f, int hidden, int heads, int layers, int maxContext)
    {
        int slidingWindow = 0, slidingLayers = 0;
        int? window = f.OptionalInt("sliding_window");
        if (f.Array("layer_types") is { } types)
        {
            slidingLayers = types.Count(t => t?.ToString() == "sliding_attention");
            slidingWindow = slidingLayers > 0 ? window ?? throw f.Error("sliding_window", "is required when layer_types has sliding_attention") : 0;
        }
        else if (f.OptionalBool("use_sliding_window") != false && window is > 0 && window < maxContext)
        {
            // Mistral style: a window with no per-layer list applies to every layer.
            slidingWindow = window.Value;
            slidingLayers = layers;
        }

        if (f.OptionalInt("kv_lora_rank") is > 0 and var kvLora)
        {
            int nope = f.PositiveInt("qk_nope_head_dim");
            int rope = f.NonNegativeInt("qk_rope_head_dim");
            return new AttentionSpec
            {
                Kind = AttentionKind.Mla,
                QueryHeads = heads,
                KvHeads = 1,
                HeadDim = nope + rope,
                ValueHeadDim = f.PositiveInt("v_head_dim"),
                QLoraRank = f.OptionalInt("q_lora_rank") ?? 0,
                KvLoraRank = kvLora,
                QkNopeHeadDim = nope,
                QkRopeHeadDim = rope,
                SlidingWindow = slidingWindow,
                SlidingWindowLayers = slidingLayers,
            };
        }

        return new AttentionSpec
        {
            Kind = AttentionKind.Gqa,
            QueryHeads = heads,
            KvHeads = f.OptionalInt("num_key_value_heads") ?? heads,
            HeadDim = f.OptionalInt("head_dim") ?? (hidden % heads == 0 ? hidden / heads : throw f.Error("head_dim", "is required when hidden_size is not a multiple of num_attention_heads")),
            SlidingWindow = slidingWindow,
            SlidingWindowLayers = slidingLayers,
        };
    }

    private static int CountDenseLayers(JsonFields f, int layers)
    {
        if (f.OptionalInt("first_k_dense_replace") is { } k)
        {
            return Math.Clamp(k, 0, layers);
        }

        // Qwen-MoE: layer i is sparse when it is not listed in mlp_only_layers and (i + 1) is a multiple of decoder_sparse_step.
        int step = Math.Max(1, f.OptionalInt("decoder_sparse_step") ?? 1);
        var mlpOnly = new HashSet<int>();
        if (f.Array("mlp_only_layers") is { } list)
        {
            foreach (var n in list)
            {
                mlpOnly.Add(n is not null && int.TryParse(n.ToString(), out int i) ? i : throw f.Error("mlp_only_layers", "must list layer indices"));
            }
        }

        int dense = 0;
        for (int i = 0; i < layers; i++)
        {
            if (mlpOnly.Contains(i) || (i + 1) % step != 0)
            {
                dense++;
            }
        }

        return dense;
    }

    private static Precision ReadPrecision(JsonFields f, List<string> notes)
    {
        if (f.Object("quantization_config") is { } q)
        {
            string method = (q.OptionalString("quant_method") ?? "").ToUpperInvariant();
            string algo = (q.OptionalString("quant_algo") ?? "").ToUpperInvariant();
            if (method.Contains("FP4", StringComparison.Ordinal) || algo.Contains("FP4", StringComparison.Ordinal))
            {
                return Precision.Fp4;
            }

            if (method.Contains("FP8", StringComparison.Ordinal) || algo.Contains("FP8", StringComparison.Ordinal))
            {
                return Precision.Fp8;
            }

            notes.Add($"quantization '{method.ToLowerInvariant()}' not recognised; native precision taken from the dtype");
        }

        string dtype = f.OptionalString("torch_dtype") ?? f.OptionalString("dtype") ?? "bfloat16";
        if (dtype is not ("bfloat16" or "float16"))
        {
            notes.Add($"dtype {dtype} stored as bf16");
        }

        return Precision.Bf16;
    }

    private static string Describe(JsonFields root, JsonFields f, List<string> notes)
    {
        var arch = root.Array("architectures") is { Count: > 0 } a ? a[0]?.ToString() : null;
        var type = f.OptionalString("model_type") ?? root.OptionalString("model_type");
        var head = $"Imported from config.json (architecture {arch ?? "?"}, model_type {type ?? "?"}); norms, biases and MTP modules not counted.";
        return notes.Count == 0 ? head : head + " " + string.Join("; ", notes) + ".";
    }
}
