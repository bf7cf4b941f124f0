namespace TokenKernels.Calibration;

/// <summary>
/// The single-node sweeps InferenceX runs (framework x hardware x model x precision x ISL/OSL: the TP degrees and the
/// concurrency range of each), as its launch configs list them. A published InferenceX point is one of those runs, so a
/// row from an InferenceX post that leaves the GPU count open runs on a TP the sweep lists, and one that states no
/// concurrency runs at most the largest concurrency the sweep lists for that TP (instead of filling memory). Source, a
/// repository no row comes from: SemiAnalysisAI/InferenceX <c>.github/configs/amd-master.yaml</c> @fba4be0 and
/// <c>.github/configs/nvidia-master.yaml</c> @0004cf5 (read 2026-12-03). Of the stored AMD revisions, fba4be0 (SGLang
/// 0.5.7-0.5.8, atom 0.1.1, vLLM 0.14 images) is the one nearest the posts' runs (January-March 2026), chosen by that date
/// before its effect was measured; the later 008b53a (SGLang 0.5.9-0.5.12) raises atom's DeepSeek FP4 tp 4 range to 256.
/// A row no entry matches keeps the open planner.
/// </summary>
internal static class InferenceXSweeps
{
    /// <summary>One search-space line: TP degree (= the GPUs of the single-node instance) and its concurrency range.</summary>
    public readonly record struct SweepPoint(int Tp, int MinConcurrency, int MaxConcurrency);

    private readonly record struct Entry(string Engine, string Hardware, string Family, Precision Weights, int Isl, int Osl, SweepPoint[] Points);

    private static readonly Entry[] Entries =
    [
        // amd-master.yaml @fba4be0 (SGLang 0.5.7-0.5.8, atom 0.1.1, vLLM 0.14 images: the January-February 2026 revision)
        new("sglang", "mi355x", "deepseek", Precision.Fp4, 1024, 1024, [new(4, 4, 64), new(8, 4, 64)]),
        new("sglang", "mi355x", "deepseek", Precision.Fp4, 8192, 1024, [new(8, 4, 64)]),
        new("sglang", "mi355x", "deepseek", Precision.Fp8, 1024, 1024, [new(8, 4, 64)]),
        new("sglang", "mi355x", "deepseek", Precision.Fp8, 8192, 1024, [new(8, 4, 64)]),
        new("atom", "mi355x", "deepseek", Precision.Fp4, 1024, 1024, [new(4, 32, 128), new(8, 4, 32)]),
        new("atom", "mi355x", "deepseek", Precision.Fp4, 8192, 1024, [new(4, 4, 128), new(8, 4, 4)]),
        new("atom", "mi355x", "deepseek", Precision.Fp8, 1024, 1024, [new(8, 4, 128)]),
        new("atom", "mi355x", "deepseek", Precision.Fp8, 8192, 1024, [new(8, 4, 128)]),
        new("sglang", "mi300x", "deepseek", Precision.Fp8, 1024, 1024, [new(8, 4, 64)]),
        new("sglang", "mi300x", "deepseek", Precision.Fp8, 8192, 1024, [new(8, 4, 64)]),
        new("sglang", "mi325x", "deepseek", Precision.Fp8, 1024, 1024, [new(8, 4, 64)]),
        new("sglang", "mi325x", "deepseek", Precision.Fp8, 8192, 1024, [new(8, 4, 64)]),
        new("vllm", "mi300x", "gpt-oss", Precision.Fp4, 1024, 1024, [new(1, 64, 64), new(2, 4, 64), new(4, 4, 64), new(8, 4, 16)]),
        new("vllm", "mi300x", "gpt-oss", Precision.Fp4, 8192, 1024, [new(1, 4, 64), new(2, 4, 64), new(4, 4, 64), new(8, 4, 16)]),
        new("vllm", "mi325x", "gpt-oss", Precision.Fp4, 1024, 1024, [new(1, 4, 64), new(2, 4, 64), new(4, 4, 64), new(8, 4, 64)]),
        new("vllm", "mi325x", "gpt-oss", Precision.Fp4, 8192, 1024, [new(1, 4, 64), new(2, 4, 8), new(4, 4, 8), new(8, 4, 16)]),
        new("vllm", "mi355x", "gpt-oss", Precision.Fp4, 1024, 1024, [new(1, 4, 128), new(4, 4, 8), new(8, 4, 16)]),
        new("vllm", "mi355x", "gpt-oss", Precision.Fp4, 8192, 1024, [new(1, 4, 128), new(4, 4, 4), new(8, 4, 8)]),
        new("atom", "mi355x", "gpt-oss", Precision.Fp4, 1024, 1024, [new(1, 16, 128), new(8, 4, 32)]),
        new("atom", "mi355x", "gpt-oss", Precision.Fp4, 8192, 1024, [new(1, 4, 128), new(8, 4, 16)]),

        // nvidia-master.yaml @0004cf5
        new("tensorrt-llm", "b200", "gpt-oss", Precision.Fp4, 1024, 1024, [new(1, 256, 256), new(2, 4, 256), new(4, 4, 64), new(8, 4, 4)]),
        new("tensorrt-llm", "b200", "gpt-oss", Precision.Fp4, 8192, 1024, [new(1, 4, 256), new(2, 4, 256), new(4, 4, 32), new(8, 4, 4)]),
        new("vllm", "b200", "gpt-oss", Precision.Fp4, 1024, 1024, [new(1, 4, 128), new(2, 4, 128), new(4, 4, 64), new(8, 4, 8)]),
        new("vllm", "b200", "gpt-oss", Precision.Fp4, 8192, 1024, [new(1, 4, 128), new(2, 4, 128), new(4, 4, 64), new(8, 4, 4)]),
        new("tensorrt-llm", "h200", "gpt-oss", Precision.Fp4, 1024, 1024, [new(1, 4, 64), new(2, 4, 64), new(4, 4, 32), new(8, 4, 8)]),
        new("tensorrt-llm", "h200", "gpt-oss", Precision.Fp4, 8192, 1024, [new(1, 4, 64), new(2, 4, 64), new(4, 4, 64), new(8, 4, 8)]),
        new("vllm", "h200", "gpt-oss", Precision.Fp4, 1024, 1024, [new(1, 4, 4), new(2, 4, 64), new(4, 4, 64), new(8, 4, 64)]),
        new("vllm", "h200", "gpt-oss", Precision.Fp4, 8192, 1024, [new(1, 4, 64), new(2, 4, 64), new(4, 4, 64), new(8, 4, 32)]),
    ];

    /// <summary>Whether a row comes from an InferenceX post or table (whose runs these sweeps are).</summary>
    public static bool IsInferenceX(Measurement row) => row.Source.StartsWith("SemiAnalysisAI/InferenceX", StringComparison.Ordinal);

    /// <summary>
    /// The sweep points a colocated InferenceX row that leaves its GPU count open can have run: those of the matching
    /// entries (a row that does not state its precision matches every precision) whose concurrency range holds the row's
    /// stated concurrency (every point when none is stated, or when none holds it). Null when the row is not such a row
    /// or no entry matches.
    /// </summary>
    public static IReadOnlyList<SweepPoint>? Points(Measurement row, string engine, string family, int isl, int osl)
    {
        if (!IsInferenceX(row) || row.Gpus is not null || row.Tp is not null || row.Disaggregated != false)
        {
            return null;
        }

        var points = Entries
            .Where(e => e.Engine == engine && e.Hardware == row.Hardware && e.Family == family && e.Isl == isl && e.Osl == osl
                        && (row.Weights is null || e.Weights == row.Weights))
            .SelectMany(e => e.Points)
            .ToList();
        if (points.Count == 0)
        {
            return null;
        }

        if (row.Concurrency is { } c)
        {
            var holding = points.Where(p => p.MinConcurrency <= c && c <= p.MaxConcurrency).ToList();
            if (holding.Count > 0)
            {
                points = holding;
            }
        }

        // One point per TP: the widest concurrency range wins where precisions or entries repeat a TP.
        return [.. points.GroupBy(p => p.Tp).Select(g => g.MaxBy(p => p.MaxConcurrency))];
    }
}
