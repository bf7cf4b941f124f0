namespace TokenKernels.Calibration;

/// <summary>One measurement row predicted: what was chosen for its open settings and each metric against the measurement.</summary>
public sealed record RowValidation
{
    /// <summary>The row's id.</summary>
    public required string Id { get; init; }

    /// <summary>The row's source.</summary>
    public required string Source { get; init; }

    /// <summary>Hardware id.</summary>
    public required string Hardware { get; init; }

    /// <summary>Model id.</summary>
    public required string Model { get; init; }

    /// <summary>Serving engine the row was measured with (tensorrt-llm, sglang, vllm, atom, deepseek, unknown), as read from its id and source.</summary>
    public string Engine { get; init; } = "";

    /// <summary>Model family (deepseek, llama, qwen3, gpt-oss, kimi).</summary>
    public string Family { get; init; } = "";

    /// <summary>Hardware vendor (NVIDIA, AMD).</summary>
    public string Vendor { get; init; } = "";

    /// <summary>
    /// Benchmark kind: TensorRT-LLM perf overview, DeepSeek in TensorRT-LLM blogs, InferenceX disaggregated DeepSeek at a
    /// stated concurrency, or "other" (the rows issue 11 compares NVIDIA's AIConfigurator on).
    /// </summary>
    public string Kind { get; init; } = RowGroups.OtherKind;

    /// <summary>Why the row could not be predicted, or null.</summary>
    public string? Error { get; init; }

    /// <summary>Settings the row left open and the values chosen for them (column names; e.g. <c>tp</c>, <c>batch</c>).</summary>
    public required IReadOnlyDictionary<string, string> Chosen { get; init; }

    /// <summary>Measured metrics with their predictions (empty when <see cref="Error"/> is set).</summary>
    public required IReadOnlyList<MetricComparison> Metrics { get; init; }

    /// <summary>The row's main per-GPU throughput comparison (the pool's own rate for phase rows), or null for latency-only rows.</summary>
    public MetricComparison? Throughput { get; init; }
}
