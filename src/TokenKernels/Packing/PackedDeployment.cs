namespace TokenKernels.Packing;

/// <summary>
/// One resolved configuration: layout, precisions (as bytes and a FLOP rate), load and price. Every field is explicit;
/// <see cref="DeploymentPacker"/> fills defaults, and sweep kernels fill it from a grid index.
/// </summary>
internal struct PackedDeployment
{
    /// <summary>GPUs of the decode instance (the whole instance when colocated).</summary>
    public int InstanceGpus;
    public int Tp;
    public int Ep;
    public int Dp;
    public int Pp;

    /// <summary>1 = disaggregated prefill and decode pools.</summary>
    public int Disaggregated;
    public int PrefillGpus;
    public int DecodeGpus;

    /// <summary>Number formats of the weights and the KV cache (an enum is an int to ILGPU).</summary>
    public Precision WeightPrecision;
    public Precision KvPrecision;

    public double Batch;
    public double InputTokens;
    public double OutputTokens;
    public double PrefixCacheHit;
    public double MtpDraftTokens;
    public double MtpAcceptanceLength;
    public double PrefillChunkTokens;
    public double UsdPerGpuHour;

    /// <summary>Offered load, a share 0-1 of the configuration's capacity, for TTFT at load; 0 = not given.</summary>
    public double Load;
}
