namespace TokenKernels.Packing;

/// <summary>Blittable <see cref="EfficiencyProfile"/> in SI units.</summary>
internal struct PackedProfile
{
    public double DecodeComputeEfficiency;
    public double DecodeMemoryEfficiency;
    public double KvMemoryEfficiency;
    public double PrefillComputeEfficiency;
    public double PrefillMemoryEfficiency;
    public double Fp4ComputeScale;
    public double Fp4MemoryScale;
    public double RocmEfficiencyScale;
    public double RocmMoeGemmScale;
    public double RocmAttentionScale;
    public double RocmAiterScale;
    public double FrameworkMoeGemmScale;
    public double RocmCollectiveScale;
    public double RocmBlockFp8MoeScale;
    public double HopperBlockFp8StreamScale;
    public double CollectiveEfficiency;
    public double ScaleUpLatencySeconds;
    public double ScaleOutLatencySeconds;
    public double AllToAllLatencySeconds;
    public double CommunicationOverlap;
    public double StepOverheadSeconds;
    public double LayerOverheadSeconds;
    public double DraftOverheadSeconds;
    public double MlaLayerOverheadSeconds;
    public double SequenceOverheadSeconds;
    public double EagerLayerLaunchSeconds;
    public double EarlyEngineStepScale;
    public double MoeImbalance;
    public double MoeGemmEfficiencyScale;
    public double RooflineSerialShare;
    public double UsableMemoryFraction;
    public double ActivationReserveBytes;
}
