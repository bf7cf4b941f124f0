using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TokenKernels.Catalog;

namespace TokenKernels;

/// <summary>
/// Reads and writes a <see cref="ModelSpec"/> as snake_case JSON mirroring the record: <c>id</c>, <c>name</c>, <c>layers</c>,
/// <c>hidden</c>, <c>vocab</c>, <c>max_context</c>, <c>dense_layers</c>, <c>dense_ffn_dim</c>, <c>tied_embeddings</c>,
/// <c>native_weights</c> (bf16|fp8|fp4), <c>source</c>, <c>notes</c>; <c>attention</c> {<c>kind</c> gqa|mla, <c>query_heads</c>,
/// <c>kv_heads</c>, <c>head_dim</c>, <c>value_head_dim</c>, <c>q_lora_rank</c>, <c>kv_lora_rank</c>, <c>qk_nope_head_dim</c>,
/// <c>qk_rope_head_dim</c>, <c>sliding_window</c>, <c>sliding_window_layers</c>}; <c>moe</c> (null for dense)
/// {<c>routed_experts</c>, <c>shared_experts</c>, <c>experts_per_token</c>, <c>expert_ffn_dim</c>}.
/// </summary>
public static class ModelJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Serializes a model spec.</summary>
    public static string Write(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var a = model.Attention;
        var o = new JsonObject
        {
            ["id"] = model.Id,
            ["name"] = model.Name,
            ["layers"] = model.Layers,
            ["hidden"] = model.Hidden,
            ["vocab"] = model.Vocab,
            ["max_context"] = model.MaxContext,
            ["attention"] = new JsonObject
            {
                ["kind"] = a.Kind == AttentionKind.Mla ? "mla" : "gqa",
                ["query_heads"] = a.QueryHeads,
                ["kv_heads"] = a.KvHeads,
                ["head_dim"] = a.HeadDim,
                ["value_head_dim"] = a.ValueHeadDim,
                ["q_lora_rank"] = a.QLoraRank,
                ["kv_lora_rank"] = a.KvLoraRank,
                ["qk_nope_head_dim"] = a.QkNopeHeadDim,
                ["qk_rope_head_dim"] = a.QkRopeHeadDim,
                ["sliding_window"] = a.SlidingWindow,
                ["sliding_window_layers"] = a.SlidingWindowLayers,
            },
            ["dense_layers"] = model.DenseLayers,
            ["dense_ffn_dim"] = model.DenseFfnDim,
            ["moe"] = model.Moe is { } m
                ? new JsonObject
                {
                    ["routed_experts"] = m.RoutedExperts,
                    ["shared_experts"] = m.SharedExperts,
                    ["experts_per_token"] = m.ExpertsPerToken,
                    ["expert_ffn_dim"] = m.ExpertFfnDim,
                }
                : null,
            ["tied_embeddings"] = model.TiedEmbeddings,
            ["native_weights"] = model.NativeWeights.ToId(),
            ["source"] = model.Source,
            ["notes"] = model.Notes,
        };
        return o.ToJsonString(Indented);
    }

    /// <summary>Parses a model spec and validates it.</summary>
    /// <exception cref="ArgumentException">The JSON is malformed, a field is missing, unknown or out of range; the message names the field.</exception>
    public static ModelSpec Read(string json)
    {
        var f = JsonFields.Parse(json, "Model", nameof(json));
        var af = f.Object("attention") ?? throw f.Error("attention", "is required (an object)");
        var kind = af.String("kind").ToUpperInvariant() switch
        {
            "GQA" or "MHA" => AttentionKind.Gqa,
            "MLA" => AttentionKind.Mla,
            _ => throw af.Error("kind", "must be gqa or mla"),
        };
        var attention = new AttentionSpec
        {
            Kind = kind,
            QueryHeads = af.PositiveInt("query_heads"),
            KvHeads = af.OptionalInt("kv_heads") is { } kv ? (kv > 0 ? kv : throw af.Error("kv_heads", "must be positive")) : 1,
            HeadDim = af.PositiveInt("head_dim"),
            ValueHeadDim = af.NonNegativeInt("value_head_dim"),
            QLoraRank = af.NonNegativeInt("q_lora_rank"),
            KvLoraRank = af.NonNegativeInt("kv_lora_rank"),
            QkNopeHeadDim = af.NonNegativeInt("qk_nope_head_dim"),
            QkRopeHeadDim = af.NonNegativeInt("qk_rope_head_dim"),
            SlidingWindow = af.NonNegativeInt("sliding_window"),
            SlidingWindowLayers = af.NonNegativeInt("sliding_window_layers"),
        };
        af.RejectUnknownFields();

        MoeSpec? moe = null;
        if (f.Object("moe") is { } mf)
        {
            moe = new MoeSpec
            {
                RoutedExperts = mf.PositiveInt("routed_experts"),
                SharedExperts = mf.NonNegativeInt("shared_experts"),
                ExpertsPerToken = mf.PositiveInt("experts_per_token"),
                ExpertFfnDim = mf.PositiveInt("expert_ffn_dim"),
            };
            mf.RejectUnknownFields();
        }

        int layers = f.PositiveInt("layers");
        var spec = new ModelSpec
        {
            Id = f.String("id"),
            Name = f.OptionalString("name") ?? f.String("id"),
            Layers = layers,
            Hidden = f.PositiveInt("hidden"),
            Vocab = f.PositiveInt("vocab"),
            MaxContext = f.PositiveInt("max_context"),
            Attention = attention,

            // A dense model has a dense FFN in every layer; saying so again in the file is optional.
            DenseLayers = f.NonNegativeInt("dense_layers", moe is null ? layers : 0),
            DenseFfnDim = f.NonNegativeInt("dense_ffn_dim"),
            Moe = moe,
            TiedEmbeddings = f.OptionalBool("tied_embeddings") ?? false,
            NativeWeights = f.OptionalPrecision("native_weights") ?? Precision.Bf16,
            Source = f.String("source"),
            Notes = f.OptionalString("notes") ?? "",
        };
        double? totalParams = f.OptionalNumber("total_params_b"), activeParams = f.OptionalNumber("active_params_b");
        double? kvBytes = f.OptionalNumber("kv_bytes_per_token_bf16");
        f.RejectUnknownFields();
        try
        {
            spec.Validate();
        }
        catch (ArgumentException e)
        {
            throw f.Renamed(e);
        }

        // catalog --json adds figures counted from the architecture; a copied entry keeps them, and they must still agree.
        Derived(f, "total_params_b", totalParams, Math.Round(spec.TotalParameters / 1e9, 2));
        Derived(f, "active_params_b", activeParams, Math.Round(spec.ActiveParameters / 1e9, 2));
        Derived(f, "kv_bytes_per_token_bf16", kvBytes, spec.KvBytesPerToken(Precision.Bf16).Bytes);
        return spec;
    }

    private static void Derived(JsonFields f, string name, double? stated, double counted)
    {
        if (stated is { } s && Math.Abs(s - counted) > 0.006 * Math.Max(1, Math.Abs(counted)))
        {
            throw f.Error(name, string.Create(
                CultureInfo.InvariantCulture,
                $"is counted from the architecture ({counted}), but the file says {s}; remove the field or fix the architecture"));
        }
    }

    /// <summary>Reads a model spec file.</summary>
    /// <exception cref="ArgumentException">The file is missing or its content is invalid; the message names the file and field.</exception>
    public static ModelSpec Load(string path) => SpecFile.Read(path, nameof(path), Read);

    /// <summary>Writes a model spec file (indented JSON).</summary>
    public static void Save(ModelSpec model, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        File.WriteAllText(path, Write(model));
    }
}
