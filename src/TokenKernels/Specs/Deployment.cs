namespace TokenKernels;

/// <summary>
/// How a model is laid out on GPUs and loaded. One decode instance spans <see cref="Gpus"/> GPUs (colocated) or
/// <see cref="DecodeGpus"/> GPUs (disaggregated), with attention split as <see cref="Tp"/> x <see cref="Dp"/> x <see cref="Pp"/>
/// and MoE experts split over <see cref="Ep"/> ranks (each expert tensor-parallel over the rest: gpus / (pp x ep)).
/// </summary>
public sealed record Deployment
{
    /// <summary>GPUs in total: the instance when colocated; prefill + decode pools when disaggregated.</summary>
    public required int Gpus { get; init; }

    /// <summary>Attention (and dense FFN) tensor-parallel degree; 0 = the instance's GPUs / (dp x pp).</summary>
    public int Tp { get; init; }

    /// <summary>Expert-parallel degree of MoE layers (1 = experts tensor-parallel only).</summary>
    public int Ep { get; init; } = 1;

    /// <summary>Data-parallel attention degree: attention ranks that each hold their own sequences (and KV cache).</summary>
    public int Dp { get; init; } = 1;

    /// <summary>Pipeline-parallel stages.</summary>
    public int Pp { get; init; } = 1;

    /// <summary>Weight precision of the bulk weights (MoE experts, or every linear layer of a dense model).</summary>
    public Precision Weights { get; init; } = Precision.Fp8;

    /// <summary>KV-cache precision.</summary>
    public Precision KvCache { get; init; } = Precision.Bf16;

    /// <summary>Concurrent sequences in the decode batch of one instance.</summary>
    public required int Batch { get; init; }

    /// <summary>Tokens drafted per decode step by multi-token prediction / speculative decoding (0 = off).</summary>
    public int MtpDraftTokens { get; init; }

    /// <summary>Mean tokens accepted per verification step, including the verified token: 1 (none) to 1 + <see cref="MtpDraftTokens"/>.</summary>
    public double MtpAcceptanceLength { get; init; } = 1.0;

    /// <summary>Prefill and decode on separate GPU pools.</summary>
    public bool Disaggregated { get; init; }

    /// <summary>Prefill pool size (disaggregated only).</summary>
    public int PrefillGpus { get; init; }

    /// <summary>Decode pool size (disaggregated only).</summary>
    public int DecodeGpus { get; init; }

    /// <summary>
    /// Identical decode instances the decode pool runs as (disaggregated only; default 1): each spans
    /// <see cref="DecodeGpus"/> / <see cref="DecodeInstances"/> GPUs with the layout above and its own <see cref="Batch"/>,
    /// and the prefill pool feeds them all (a 32-GPU pool of four EP8 instances, for example).
    /// </summary>
    public int DecodeInstances { get; init; } = 1;

    /// <summary>
    /// Attention tensor parallelism of the prefill pool (disaggregated only); 0 (default) = as in decode where it
    /// divides the pool, else 1. The pool's data parallelism is the rest: prefill GPUs / this.
    /// </summary>
    public int PrefillTp { get; init; }

    /// <summary>Expert parallelism of the prefill pool (disaggregated only); 0 (default) = wide EP, min(pool, routed experts) where it divides the pool, else 1.</summary>
    public int PrefillEp { get; init; }

    /// <summary>
    /// Decode steps replay CUDA graphs (default). False: they run eagerly, and every layer of a decode step pays a host-side
    /// launch (<see cref="EfficiencyProfile.EagerLayerLaunch"/>), as under TensorRT-LLM 0.17's PyTorch backend, whose
    /// PyTorchConfig.use_cuda_graph defaulted to false. Prefill steps run eagerly in every engine either way.
    /// </summary>
    public bool CudaGraphs { get; init; } = true;

    /// <summary>
    /// With attention data parallelism of a MoE model, the engine holds new prompts until every attention-DP rank has one and
    /// prefills them in the same step (TensorRT-LLM <c>attention_dp_config.enable_balance</c>, tech blog 10 "ADP Balance
    /// Strategy"), so a colocated prompt seldom holds the other ranks idle: a third of the round-robin loss stays, as that post
    /// measures with the context wait alone (<see cref="Physics.ServingModel.AdpBalanceResidualShare"/>, the ranks a timeout
    /// releases before all have a prompt). False (default): each rank prefills its prompts
    /// as they come and the busiest rank paces every step (<see cref="Physics.ServingModel.AttentionDpPrefillImbalance{T}"/>).
    /// </summary>
    public bool AttentionDpBalance { get; init; }

    /// <summary>
    /// Decode attention computes its scores in FP8 where the KV cache is FP8: the query is quantised to FP8 too and QK^T
    /// and PV run on FP8 tensor cores (FlashMLA-FP8 on Hopper, deepseek-ai/FlashMLA pull request 82: "FP8 Q/KV, WGMMA
    /// FP8", as Ant Group serves DeepSeek-R1 on H20, lmsys.org/blog/2025-09-26-sglang-ant-group). False (default): the
    /// kernel dequantises an FP8 cache and computes in BF16 (FlashMLA's dense decode, FlashInfer), except TensorRT-LLM's
    /// own generation kernels on a part with FP4 tensor cores, which run FP8 scores whenever the cache is FP8. Ignored with
    /// a BF16 cache and in prefill.
    /// </summary>
    public bool Fp8Attention { get; init; }

    /// <summary>
    /// Tokens per forward pass (the engine's max_num_tokens; chunked prefill). Colocated, the running sequences' tokens
    /// (1 + drafts each, per attention rank) take their share of it first and prompts pack into what is left.
    /// </summary>
    public int PrefillChunkTokens { get; init; } = 8192;

    /// <summary>GPUs of one decode instance.</summary>
    public int DecodeInstanceGpus => Disaggregated ? DecodeGpus / Math.Max(1, DecodeInstances) : Gpus;

    /// <summary>The tensor-parallel degree in effect: <see cref="Tp"/>, or when it is 0 ("the rest") the instance's GPUs / (dp x pp), at least 1.</summary>
    public int ResolvedTp => Tp > 0 ? Tp : Math.Max(1, DecodeInstanceGpus / Math.Max(1, Dp * Pp));
}
