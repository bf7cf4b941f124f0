namespace TokenKernels.Packing;

/// <summary>Turns an <see cref="EfficiencyProfile"/> into a <see cref="PackedProfile"/>.</summary>
internal static class ProfilePacker
{
    public static PackedProfile Pack(EfficiencyProfile p) => new()
    {
        DecodeComputeEfficiency = p.DecodeComputeEfficiency,
        DecodeMemoryEfficiency = p.DecodeMemoryEfficiency,
        KvMemoryEfficiency = p.KvMemoryEfficiency,
        PrefillComputeEfficiency = p.PrefillComputeEfficiency,
        PrefillMemoryEfficiency = p.PrefillMemoryEfficiency,
        Fp4ComputeScale = p.Fp4ComputeScale,
        Fp4MemoryScale = p.Fp4MemoryScale,
        RocmEfficiencyScale = p.RocmEfficiencyScale,
        RocmMoeGemmScale = p.RocmMoeGemmScale,
        RocmAttentionScale = p.RocmAttentionScale,
        RocmAiterScale = p.RocmAiterScale,
        FrameworkMoeGemmScale = p.FrameworkMoeGemmScale,
        RocmCollectiveScale = p.RocmCollectiveScale,
        RocmBlockFp8MoeScale = p.RocmBlockFp8MoeScale,
        HopperBlockFp8StreamScale = p.HopperBlockFp8StreamScale,
        CollectiveEfficiency = p.CollectiveEfficiency,
        ScaleUpLatencySeconds = p.ScaleUpLatency.Seconds,
        ScaleOutLatencySeconds = p.ScaleOutLatency.Seconds,
        AllToAllLatencySeconds = p.AllToAllLatency.Seconds,
        CommunicationOverlap = p.CommunicationOverlap,
        StepOverheadSeconds = p.StepOverhead.Seconds,
        LayerOverheadSeconds = p.LayerOverhead.Seconds,
        DraftOverheadSeconds = p.DraftOverhead.Seconds,
        MlaLayerOverheadSeconds = p.MlaLayerOverhead.Seconds,
        SequenceOverheadSeconds = p.SequenceOverhead.Seconds,
        EagerLayerLaunchSeconds = p.EagerLayerLaunch.Seconds,
        EarlyEngineStepScale = p.EarlyEngineStepScale,
        MoeImbalance = p.MoeImbalance,
        MoeGemmEfficiencyScale = p.MoeGemmEfficiencyScale,
        RooflineSerialShare = p.RooflineSerialShare,
        UsableMemoryFraction = p.UsableMemoryFraction,
        ActivationReserveBytes = p.ActivationReserve.Bytes,
    };
}
