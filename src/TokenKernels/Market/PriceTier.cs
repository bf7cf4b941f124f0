namespace TokenKernels;

/// <summary>Who rents the GPU: the three tiers of SemiAnalysis' AI Cloud TCO model that InferenceX prices with (data/prices.csv).</summary>
public enum PriceTier
{
    /// <summary>Hyperscaler rental (the catalog's default price).</summary>
    Hyperscaler,

    /// <summary>Neocloud rental.</summary>
    Neocloud,

    /// <summary>Retail (on-demand) rental.</summary>
    Retail,
}
