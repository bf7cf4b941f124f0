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

    /// <summary>Prefill pool's attention tp and expert parallelism; 0 = <see cref="Physics.ServingModel.PrefillLayout"/>'s default.</summary>
    public int PrefillTp;
    public int PrefillEp;

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

    /// <summary>1 = decode steps run eagerly (no CUDA graphs; <see cref="Deployment.CudaGraphs"/> false); 0 = graphs.</summary>
    public int Eager;

    /// <summary>1 = attention-DP ranks prefill their prompts in the same step (<see cref="Deployment.AttentionDpBalance"/>); 0 = as they come.</summary>
    public int AdpBalance;

    /// <summary>1 = decode attention scores run in FP8 with an FP8 cache (<see cref="Deployment.Fp8Attention"/>); 0 = BF16.</summary>
    public int Fp8Attention;

    /// <summary>
    /// The engine build's release month (<see cref="Physics.EngineRelease.Month"/>); 0 = not stated, a current engine. A
    /// build before <see cref="Physics.EngineRelease.CurrentGenerationMonth"/> takes the profile's early-engine step scale.
    /// </summary>
    public int EngineReleaseMonth;
    public double UsdPerGpuHour;

    /// <summary>Offered load, a share 0-1 of the configuration's capacity, for TTFT at load; 0 = not given.</summary>
    public double Load;

    /// <summary>Offered request rate (requests/s) for TTFT at load, instead of <see cref="Load"/>; 0 = not given.</summary>
    public double Rate;

    /// <summary>
    /// A length mix (<see cref="InputTokens"/> and <see cref="OutputTokens"/> are then its means): the mean context of a
    /// sequence in decode (<see cref="LengthDistribution.MeanContextInFlight"/>); 0 = fixed lengths (input + output / 2).
    /// </summary>
    public double MixContextTokens;

    /// <summary>The mix's longest request (input + output after the cap); 0 = fixed lengths (input + output).</summary>
    public double MixLongestTokens;

    /// <summary>Context window cap: a request of this many tokens must be servable on its own; 0 = none.</summary>
    public double ContextCap;
}
