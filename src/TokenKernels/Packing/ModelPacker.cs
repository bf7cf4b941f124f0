namespace TokenKernels.Packing;

/// <summary>Turns a <see cref="ModelSpec"/> into a <see cref="PackedModel"/>.</summary>
internal static class ModelPacker
{
    public static PackedModel Pack(ModelSpec model)
    {
        var a = model.Attention;
        var moe = model.Moe;
        var m = new PackedModel
        {
            Layers = model.Layers,
            DenseLayers = model.DenseLayers,
            MoeLayers = moe is null ? 0 : model.Layers - model.DenseLayers,
            Hidden = model.Hidden,
            Vocab = model.Vocab,
            MaxContext = model.MaxContext,
            AttentionKind = a.Kind,
            QueryHeads = a.QueryHeads,
            KvHeads = a.Kind == AttentionKind.Mla ? 1 : a.KvHeads,
            HeadDim = a.HeadDim,
            ValueHeadDim = a.EffectiveValueHeadDim,
            QLoraRank = a.QLoraRank,
            KvLoraRank = a.KvLoraRank,
            QkNopeHeadDim = a.QkNopeHeadDim,
            QkRopeHeadDim = a.QkRopeHeadDim,
            SlidingWindow = a.SlidingWindow,
            SlidingLayers = a.SlidingWindowLayers,
            DenseFfnDim = model.DenseFfnDim,
            RoutedExperts = moe?.RoutedExperts ?? 0,
            SharedExperts = moe?.SharedExperts ?? 0,
            ExpertsPerToken = moe?.ExpertsPerToken ?? 0,
            ExpertFfnDim = moe?.ExpertFfnDim ?? 0,
            TiedEmbeddings = model.TiedEmbeddings ? 1 : 0,
        };
        ParameterCounts.Fill(ref m);
        return m;
    }
}
