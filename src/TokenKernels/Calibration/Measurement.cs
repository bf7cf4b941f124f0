namespace TokenKernels.Calibration;

/// <summary>
/// One published (or user-measured) serving result, as one row of a measurements CSV (schema: data/README.md).
/// Null means the source did not state the value; prediction then chooses it as a serving engineer would.
/// </summary>
public sealed record Measurement
{
    /// <summary>Stable row id.</summary>
    public required string Id { get; init; }

    /// <summary>Short source: <c>owner/repo/path[@commit]</c> or a URL. Cross-validation holds out one source at a time.</summary>
    public string Source { get; init; } = "";

    /// <summary>How far the collector trusted the row.</summary>
    public MeasurementTrust Trust { get; init; } = MeasurementTrust.High;

    /// <summary>Hardware catalog id, e.g. <c>h200</c>.</summary>
    public required string Hardware { get; init; }

    /// <summary>Model catalog id, e.g. <c>deepseek-r1</c>.</summary>
    public required string Model { get; init; }

    /// <summary>Bulk weight precision (MXFP4 reads as <see cref="Precision.Fp4"/>).</summary>
    public Precision? Weights { get; init; }

    /// <summary>KV-cache precision.</summary>
    public Precision? KvCache { get; init; }

    /// <summary>Which part of serving was measured.</summary>
    public MeasurementPhase Phase { get; init; }

    /// <summary>Prefill and decode on separate GPU pools.</summary>
    public bool? Disaggregated { get; init; }

    /// <summary>GPUs the per-GPU throughput divides over (the measured pool for phase-isolated rows).</summary>
    public int? Gpus { get; init; }

    /// <summary>Prefill pool GPUs (disaggregated).</summary>
    public int? PrefillGpus { get; init; }

    /// <summary>Decode pool GPUs (disaggregated).</summary>
    public int? DecodeGpus { get; init; }

    /// <summary>Tensor-parallel degree as stated (InferenceX disaggregated rows: the prefill pool's TP).</summary>
    public int? Tp { get; init; }

    /// <summary>Expert-parallel degree as stated (InferenceX disaggregated rows: the decode pool's EP).</summary>
    public int? Ep { get; init; }

    /// <summary>Data-parallel attention degree, when stated as a number.</summary>
    public int? DpAttention { get; init; }

    /// <summary>Pipeline-parallel stages.</summary>
    public int? Pp { get; init; }

    /// <summary>Input tokens per request.</summary>
    public int? Isl { get; init; }

    /// <summary>Output tokens per request.</summary>
    public int? Osl { get; init; }

    /// <summary>Concurrent requests in the whole system.</summary>
    public int? Concurrency { get; init; }

    /// <summary>
    /// Requests the benchmark sent in all (its <c>--num-prompts</c>). With <see cref="Concurrency"/> at least as large, the
    /// run is a burst: every request sent at once, then drained.
    /// </summary>
    public int? Requests { get; init; }

    /// <summary>
    /// The engine's limit on sequences in flight per attention rank (TensorRT-LLM <c>max_batch_size</c>, vLLM
    /// <c>--max-num-seqs</c>, SGLang <c>--max-running-requests</c>) where the source states it or its build command derives
    /// it; the planner batches no more per rank.
    /// </summary>
    public int? MaxBatch { get; init; }

    /// <summary>
    /// The engine's limit on tokens per forward pass (TensorRT-LLM <c>max_num_tokens</c>, vLLM
    /// <c>--max-num-batched-tokens</c>, SGLang <c>--chunked-prefill-size</c>): the planner's prefill chunk.
    /// </summary>
    public int? MaxNumTokens { get; init; }

    /// <summary>
    /// Whether decode steps replayed CUDA graphs: false where the engine's code at the stated version ran them eagerly (a
    /// host-side launch per kernel, <see cref="EfficiencyProfile.EagerLayerLaunch"/>); null (not stated) and true mean graphs.
    /// </summary>
    public bool? CudaGraphs { get; init; }

    /// <summary>
    /// Whether the engine balanced prompts over attention-DP ranks (TensorRT-LLM <c>attention_dp_config.enable_balance</c>:
    /// every rank prefills in the same step, <see cref="Deployment.AttentionDpBalance"/>); null (not stated) and false mean
    /// each rank prefills its prompts as they come.
    /// </summary>
    public bool? AdpBalance { get; init; }

    /// <summary>
    /// Whether decode attention computed its scores in FP8 with the FP8 cache (FP8 query too, FP8 tensor cores:
    /// <see cref="Deployment.Fp8Attention"/>), where the source names such a kernel; null (not stated) and false mean the
    /// engine's default (BF16 scores, or FP8 where the engine always runs them so).
    /// </summary>
    public bool? Fp8Attention { get; init; }

    /// <summary>
    /// How output lengths spread around <see cref="Osl"/> (then their mean): <see cref="OutputLengthDistribution.Fixed"/>
    /// (not stated) or <see cref="OutputLengthDistribution.Exponential"/>, where the source states a long-tailed output
    /// distribution and only its mean. Read by a finite burst's drain (<see cref="Requests"/>).
    /// </summary>
    public OutputLengthDistribution OslDistribution { get; init; }

    /// <summary>
    /// When the engine build was released (or, where the build is not named, when the run was made), as
    /// <see cref="Physics.EngineRelease.Month"/> (CSV column <c>engine_release</c>, yyyy-MM); null = not stated, taken as a current
    /// engine. A release before <see cref="Physics.EngineRelease.CurrentGenerationMonth"/> is an early engine, whose steps take the
    /// profile's <see cref="EfficiencyProfile.EarlyEngineStepScale"/>.
    /// </summary>
    public int? EngineRelease { get; init; }

    /// <summary>
    /// Share (0, 1] of the GPU memory free after the weights and the engine's profiling peak that the run gave its KV cache
    /// (TensorRT-LLM <c>kv_cache_free_gpu_mem_fraction</c>); null = not
    /// stated, the profile's <see cref="EfficiencyProfile.UsableMemoryFraction"/>.
    /// </summary>
    public double? KvCacheFraction { get; init; }

    /// <summary>
    /// The benchmark client's shortest drawn length as a fraction of the stated <see cref="Isl"/> and <see cref="Osl"/>: each
    /// request's lengths uniform in [ratio x stated, stated] (SGLang's bench_serving and ATOM's benchmark_serving
    /// <c>--random-range-ratio</c>); 1 = every request exactly the stated lengths. Null (not stated): 0.8, InferenceX's client.
    /// </summary>
    public double? RangeRatio { get; init; }

    /// <summary>
    /// Whether the engine, colocated, ran waiting prompts in prefill-only steps ahead of decode, where its version differs
    /// from the engine's default: true for vLLM V0 with chunked prefill off (its default scheduler: "Don't schedule decodes if
    /// prefills are scheduled"). Null (not stated): the engine's default (<see cref="Traffic.BenchmarkLoop.PrefillFirst"/>).
    /// </summary>
    public bool? PrefillFirst { get; init; }

    /// <summary>
    /// The benchmark client's request rate (requests per second, Poisson arrivals: vLLM's <c>vllm bench serve --request-rate</c>
    /// with the default burstiness 1) where it sent at a finite rate; null: as fast as its concurrency allows (a closed loop).
    /// </summary>
    public double? RequestRate { get; init; }

    /// <summary>Concurrent sequences per GPU (per rank) in the decode batch.</summary>
    public int? BatchPerGpu { get; init; }

    /// <summary>Tokens drafted per decode step by MTP / speculative decoding (0 = none).</summary>
    public int? Mtp { get; init; }

    /// <summary>
    /// Whether the source says MTP / speculative decoding was used: true for a draft count above 0 or the CSV value
    /// <c>on</c> (used, count not stated), false for 0, null when the source does not say.
    /// </summary>
    public bool? MtpUsed { get; init; }

    /// <summary>Mean accepted tokens per verification step.</summary>
    public double? MtpAcceptanceLength { get; init; }

    /// <summary>Fraction 0-1 of input tokens served from a prefix cache.</summary>
    public double? PrefixCacheHit { get; init; }

    /// <summary>Measured output tokens/s per GPU.</summary>
    public double? OutputTokSGpu { get; init; }

    /// <summary>Measured input tokens/s per GPU.</summary>
    public double? InputTokSGpu { get; init; }

    /// <summary>Measured input + output tokens/s per GPU.</summary>
    public double? TotalTokSGpu { get; init; }

    /// <summary>Measured output tokens/s per user.</summary>
    public double? TokSUser { get; init; }

    /// <summary>Measured time to first token, seconds.</summary>
    public double? TtftS { get; init; }

    /// <summary>Which statistic over the run's requests <see cref="TtftS"/> is (the median unless the source gives the mean).</summary>
    public TtftStatistic TtftStatistic { get; init; }

    /// <summary>Measured time per output token, milliseconds.</summary>
    public double? TpotMs { get; init; }

    /// <summary>GPU-hour price the source used for its cost figure.</summary>
    public double? PriceUsdPerGpuHour { get; init; }

    /// <summary>Cost per million tokens as stated (scope in <see cref="Notes"/>).</summary>
    public double? CostUsdPerMtok { get; init; }

    /// <summary>Free-text caveats and scope.</summary>
    public string Notes { get; init; } = "";

    /// <summary>1-based line of the file where the row starts (0 when built in code).</summary>
    public int Line { get; init; }

    /// <summary>The measured value of a metric, or null when the row does not state it.</summary>
    public double? Get(MeasuredMetric metric) => metric switch
    {
        MeasuredMetric.OutputTokSGpu => OutputTokSGpu,
        MeasuredMetric.InputTokSGpu => InputTokSGpu,
        MeasuredMetric.TotalTokSGpu => TotalTokSGpu,
        MeasuredMetric.TokSUser => TokSUser,
        MeasuredMetric.TtftS => TtftS,
        MeasuredMetric.TpotMs => TpotMs,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };
}
