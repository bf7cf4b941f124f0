namespace TokenKernels.Calibration;

/// <summary>
/// The groups out-of-sample accuracy is reported by: serving engine, model family and hardware vendor. The engine is
/// read from the row's id and source (the CSV has no engine column; every source names its engine in the run id or the
/// file it comes from); a rule fixed before any fit, listed in the README.
/// </summary>
internal static class RowGroups
{
    /// <summary>
    /// Serving engine: "sglang", "vllm", "atom" or "tensorrt-llm" where the id or notes name it (InferenceX ids carry the
    /// framework, e.g. <c>dynamo-trt</c>, <c>mori-sglang</c>); else by source (TensorRT-LLM's docs, lmsys.org = SGLang,
    /// blog.vllm.ai = vLLM, DeepSeek's own system); else "unknown".
    /// </summary>
    public static string Engine(Measurement row)
    {
        // The id first: a row's notes may name the benchmark client too (dstack's vLLM and TensorRT-LLM runs say "SGLang
        // bench_serving"), the id names the engine that served.
        string source = row.Source.ToLowerInvariant();
        string? named = NamedEngine(row.Id.ToLowerInvariant()) ?? NamedEngine(row.Notes.ToLowerInvariant());
        if (named is not null)
        {
            return named;
        }

        if (source.Contains("tensorrt-llm", StringComparison.Ordinal) || source.Contains("-trt", StringComparison.Ordinal))
        {
            return "tensorrt-llm";
        }

        if (source.Contains("lmsys.org", StringComparison.Ordinal))
        {
            return "sglang";
        }

        if (source.Contains("vllm.ai", StringComparison.Ordinal))
        {
            return "vllm";
        }

        return source.StartsWith("deepseek-ai/", StringComparison.Ordinal) ? "deepseek" : "unknown";
    }

    /// <summary>The engine a text names (sglang, vllm, atom, TensorRT-LLM as trt/tensorrt), else null.</summary>
    private static string? NamedEngine(string text)
    {
        if (text.Contains("sglang", StringComparison.Ordinal))
        {
            return "sglang";
        }

        if (text.Contains("vllm", StringComparison.Ordinal))
        {
            return "vllm";
        }

        if (text.Contains("atom", StringComparison.Ordinal))
        {
            return "atom";
        }

        return text.Contains("trt", StringComparison.Ordinal) || text.Contains("tensorrt", StringComparison.Ordinal) ? "tensorrt-llm" : null;
    }

    /// <summary>Model family: the catalog id up to its first '-' (deepseek, llama, qwen3, kimi), gpt-oss whole.</summary>
    public static string Family(string modelId)
    {
        if (modelId.StartsWith("gpt-oss", StringComparison.Ordinal))
        {
            return "gpt-oss";
        }

        int dash = modelId.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? modelId[..dash] : modelId;
    }

    /// <summary>Kind: TensorRT-LLM's performance-overview tables (offline max-load runs of dense models, Qwen3, gpt-oss).</summary>
    public const string PerfOverviewKind = "TensorRT-LLM perf overview (max load)";

    /// <summary>Kind: DeepSeek in TensorRT-LLM's own blogs and best-practice doc (max throughput and min latency).</summary>
    public const string TrtLlmDeepSeekKind = "DeepSeek in TensorRT-LLM blogs";

    /// <summary>Kind: InferenceX disaggregated DeepSeek runs at a stated concurrency.</summary>
    public const string InferenceXDisaggregatedKind = "InferenceX disaggregated DeepSeek at a stated concurrency";

    /// <summary>Kind: every other row.</summary>
    public const string OtherKind = "other";

    /// <summary>
    /// The kind of benchmark a row comes from, the rows issue 11 compares NVIDIA's AIConfigurator on: TensorRT-LLM's
    /// performance overview, DeepSeek in TensorRT-LLM's blogs, InferenceX disaggregated DeepSeek at a stated concurrency;
    /// else <see cref="OtherKind"/>. Read from the source path, the model family and the stated columns only, a rule
    /// fixed for reporting.
    /// </summary>
    public static string Kind(Measurement row, string family)
    {
        ArgumentNullException.ThrowIfNull(row);
        string source = row.Source;
        if (source.Contains("TensorRT-LLM/docs/source/performance/perf-overview", StringComparison.OrdinalIgnoreCase))
        {
            return PerfOverviewKind;
        }

        bool deepseek = family == "deepseek";
        if (deepseek && source.Contains("TensorRT-LLM/docs/source/blogs/", StringComparison.OrdinalIgnoreCase))
        {
            return TrtLlmDeepSeekKind;
        }

        return deepseek && row.Disaggregated == true && row.Concurrency is not null && InferenceXSweeps.IsInferenceX(row)
            ? InferenceXDisaggregatedKind
            : OtherKind;
    }

    /// <summary>Hardware vendor as the catalog names it (NVIDIA, AMD).</summary>
    public static string Vendor(HardwareSpec hardware) => hardware.Vendor.Length > 0 ? hardware.Vendor : "unknown";
}
