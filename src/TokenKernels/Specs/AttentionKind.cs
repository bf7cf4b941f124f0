namespace TokenKernels;

/// <summary>How attention stores its KV cache.</summary>
public enum AttentionKind
{
    /// <summary>Grouped-query (or multi-head, when KV heads = query heads): K and V per KV head.</summary>
    Gqa = 0,

    /// <summary>Multi-head latent attention (DeepSeek): one compressed latent plus a RoPE key per token, shared by all heads.</summary>
    Mla = 1,
}
