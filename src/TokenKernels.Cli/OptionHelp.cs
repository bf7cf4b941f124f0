namespace TokenKernels.Cli;

/// <summary>
/// The one description of each option shared by <c>evaluate</c> and the sweep commands, so names, meanings, units and
/// defaults read the same everywhere; sweeps append <see cref="Axis"/>. Defaults set by a default value are shown by the
/// help as <c>[default: x]</c>; a text default ("default: ...") appears only where the default depends on other options.
/// </summary>
public static class OptionHelp
{
    /// <summary>Appended by the sweep commands to options that may be an axis.</summary>
    public const string Axis = "; a list a,b,c, a range A..B or a geometric range A..B:xF";

    /// <summary><c>--engine</c>.</summary>
    public const string Engine = "Serving engine, which sets the hardware's software stack: tensorrt-llm (CUDA parts: tuned kernels), vllm or sglang "
        + "(CUDA parts: cuda-framework, their fused-MoE kernel where experts are not parallel; ROCm parts: rocm), atom (ROCm parts: rocm-aiter); "
        + "default: the stack the hardware names (catalog: cuda on NVIDIA, rocm on AMD)";

    /// <summary><c>--gpus</c>.</summary>
    public const string Gpus = "GPUs of the deployment in total (tp x dp x pp of one colocated instance; required unless --disaggregated, which takes prefill + decode GPUs)";

    /// <summary><c>--tp</c>.</summary>
    public const string Tp = "Attention tensor-parallel degree (0 = the GPUs left after dp x pp)";

    /// <summary><c>--ep</c>.</summary>
    public const string Ep = "Expert-parallel degree of the MoE layers (at most the routed experts; 1 for dense models)";

    /// <summary><c>--dp</c>.</summary>
    public const string Dp = "Attention data-parallel degree (0 = the GPUs left after tp x pp)";

    /// <summary><c>--pp</c>.</summary>
    public const string Pp = "Pipeline-parallel stages";

    /// <summary><c>--batch</c>.</summary>
    public const string Batch = "Concurrent sequences in a decode instance's batch";

    /// <summary><c>--isl</c>.</summary>
    public const string Isl = "Input (prompt) tokens per request";

    /// <summary><c>--osl</c>.</summary>
    public const string Osl = "Output tokens per request";

    /// <summary><c>--lengths</c>.</summary>
    public const string Lengths = "Request lengths instead of --isl/--osl: IN:OUT, IN:OUT@W,IN:OUT@W,..., lognormal:in=MEDIAN,out=MEDIAN,sigma=S or trace:FILE";

    /// <summary><c>--weights</c>.</summary>
    public const string Weights = "Weight precision: bf16, fp8 or fp4 (nvfp4 and mxfp4 are read as fp4); default: fp8, or the checkpoint's own precision when smaller (fp4 for gpt-oss)";

    /// <summary><c>--kv-cache</c>.</summary>
    public const string KvCache = "KV-cache precision: bf16 or fp8";

    /// <summary><c>--mtp-acceptance</c>.</summary>
    public const string MtpAcceptance = "MTP / speculative decoding: mean tokens accepted per step, including the verified one (1 = none, e.g. 2.4)";

    /// <summary><c>--mtp-draft</c>.</summary>
    public const string MtpDraft = "Tokens drafted per step; default: ceil(acceptance - 1), the fewest that allow the acceptance";

    /// <summary><c>--prefix-hit</c>.</summary>
    public const string PrefixHit = "Fraction of input tokens served from a prefix cache, at least 0 and below 1";

    /// <summary><c>--prefill-chunk</c>.</summary>
    public const string PrefillChunk = "Tokens per forward pass (max_num_tokens, chunked prefill); colocated, the running sequences' tokens take their share first and prompts get the rest; default: 8192";

    /// <summary><c>--no-cuda-graphs</c>.</summary>
    public const string NoCudaGraphs = "Decode runs eagerly, without CUDA graph replay: each decode step pays a host-side launch per layer (the profile's eager_layer_launch_s), as with TensorRT-LLM cuda_graph_config: null, vLLM --enforce-eager or SGLang --disable-cuda-graph (without it, decode replays CUDA graphs)";

    /// <summary><c>--adp-balance</c>.</summary>
    public const string AdpBalance = "Balance new prompts over the attention-DP ranks so they prefill in the same step (TensorRT-LLM attention_dp_config.enable_balance); acts on colocated attention DP of a MoE model, accepted without effect elsewhere (dp 1, dense, disaggregated)";

    /// <summary><c>--backend</c>.</summary>
    public const string Backend = "Where the sweep runs: auto (a CUDA GPU, then an OpenCL GPU with fp64, else every CPU core), cuda, opencl, cpu, scalar (single-threaded reference) or ilgpu-cpu (the kernels on ILGPU's CPU accelerator, for testing)";

    /// <summary><c>--disaggregated</c>.</summary>
    public const string Disaggregated = "Prefill and decode on separate GPU pools (needs --prefill-gpus, --decode-gpus; in sweeps a list false,true, alone = true)";

    /// <summary><c>--prefill-gpus</c>.</summary>
    public const string PrefillGpus = "Prefill pool size (disaggregated)";

    /// <summary><c>--decode-gpus</c>.</summary>
    public const string DecodeGpus = "Decode pool size (disaggregated)";

    /// <summary><c>--prefill-tp</c>.</summary>
    public const string PrefillTp = "Attention tensor-parallel degree of the prefill pool, data-parallel across the rest (disaggregated; 0 = --tp where it divides the pool, else 1)";

    /// <summary><c>--prefill-ep</c>.</summary>
    public const string PrefillEp = "Expert-parallel degree of the prefill pool (disaggregated; 0 = every prefill GPU, up to the routed experts, where that divides the pool, else 1)";

    /// <summary><c>--decode-instances</c>.</summary>
    public const string DecodeInstances = "Identical decode instances the decode pool runs as, each with the layout and --batch given (disaggregated; 1 when not given)";
}
