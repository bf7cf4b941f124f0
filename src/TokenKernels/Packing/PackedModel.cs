namespace TokenKernels.Packing;

/// <summary>Blittable model architecture with its parameter counts precomputed once (by <see cref="ParameterCounts"/>).</summary>
internal struct PackedModel
{
    public int Layers;
    public int DenseLayers;
    public int MoeLayers;
    public int Hidden;
    public int Vocab;
    public int MaxContext;

    /// <summary>GQA or MLA (an enum is an int to ILGPU).</summary>
    public AttentionKind AttentionKind;
    public int QueryHeads;
    public int KvHeads;
    public int HeadDim;
    public int ValueHeadDim;
    public int QLoraRank;
    public int KvLoraRank;
    public int QkNopeHeadDim;
    public int QkRopeHeadDim;
    public int SlidingWindow;
    public int SlidingLayers;
    public int DenseFfnDim;
    public int RoutedExperts;
    public int SharedExperts;
    public int ExpertsPerToken;
    public int ExpertFfnDim;
    public int TiedEmbeddings;

    public double AttentionParamsPerLayer;
    public double ReplicatedAttentionParamsPerLayer;
    public double DenseFfnParamsPerLayer;
    public double ExpertParams;
    public double SharedExpertParamsPerLayer;
    public double RouterParamsPerLayer;
    public double EmbeddingParams;
    public double LmHeadParams;
    public double TotalParameters;
    public double ActiveParameters;
}
