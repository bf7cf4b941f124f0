namespace TokenKernels.Calibration;

/// <summary>Which statistic over a benchmark's requests a measured TTFT is.</summary>
public enum TtftStatistic
{
    /// <summary>The median (InferenceX, dstack and most posts).</summary>
    Median,

    /// <summary>The mean (vLLM's and SGLang's benchmark clients print it first; ATOM's recipes, GPUStack, Moreh report it).</summary>
    Mean,
}
