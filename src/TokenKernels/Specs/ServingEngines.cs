namespace TokenKernels;

/// <summary>
/// The one rule from a serving engine to the software stack a part runs under it, and the engines' spellings. A part's
/// family is its stack's: <see cref="SoftwarePlatform.Cuda"/> and <see cref="SoftwarePlatform.CudaFramework"/> are CUDA
/// parts, <see cref="SoftwarePlatform.Rocm"/> and <see cref="SoftwarePlatform.RocmAiter"/> ROCm parts. An explicit engine
/// sets the stack within the family, whatever stack the spec names (a spec saying <c>rocm-aiter</c> run with vLLM runs
/// <c>rocm</c>; one saying <c>cuda-framework</c> run with TensorRT-LLM runs <c>cuda</c>); <see cref="ServingEngine.Default"/>
/// keeps the spec's stack.
/// </summary>
public static class ServingEngines
{
    /// <summary>The spellings, in <see cref="ServingEngine"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["default", "tensorrt-llm", "vllm", "sglang", "atom"];

    /// <summary>The spelling of an engine: <c>default</c>, <c>tensorrt-llm</c>, <c>vllm</c>, <c>sglang</c> or <c>atom</c>.</summary>
    /// <exception cref="ArgumentException">Not a named engine.</exception>
    public static string Name(ServingEngine engine) => Known(engine) ? Names[(int)engine]
        : throw new ArgumentException($"Unknown serving engine code {(int)engine}.", nameof(engine));

    /// <summary>The engine a spelling names (case-insensitive), or false.</summary>
    public static bool TryParse(string? text, out ServingEngine engine)
    {
        int index = Names.ToList().IndexOf((text ?? "").Trim().ToLowerInvariant());
        engine = (ServingEngine)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>The engine a spelling names.</summary>
    /// <param name="text">The spelling.</param>
    /// <param name="parameterName">The parameter (or option, or field) an error names.</param>
    /// <exception cref="ArgumentException">Not an engine; the message lists the spellings.</exception>
    public static ServingEngine Parse(string? text, string parameterName = "text") => TryParse(text, out var engine) ? engine
        : throw new ArgumentException($"'{text}' is not a serving engine; expected {string.Join(", ", Names.Take(Names.Count - 1))} or {Names[^1]}.", parameterName);

    /// <summary>Whether a stack is of the ROCm family (<see cref="SoftwarePlatform.Rocm"/>, <see cref="SoftwarePlatform.RocmAiter"/>).</summary>
    public static bool IsRocm(SoftwarePlatform stack) => stack is SoftwarePlatform.Rocm or SoftwarePlatform.RocmAiter;

    /// <summary>
    /// The stack <paramref name="part"/> runs under <paramref name="engine"/>: TensorRT-LLM <see cref="SoftwarePlatform.Cuda"/>;
    /// vLLM and SGLang <see cref="SoftwarePlatform.CudaFramework"/> on CUDA parts, <see cref="SoftwarePlatform.Rocm"/> on
    /// ROCm parts; ATOM <see cref="SoftwarePlatform.RocmAiter"/>; <see cref="ServingEngine.Default"/> the part's own.
    /// </summary>
    /// <exception cref="ArgumentException">The engine does not run on the part's family (TensorRT-LLM on ROCm, ATOM on CUDA), or is unknown; ParamName is <c>engine</c>.</exception>
    public static SoftwarePlatform StackFor(HardwareSpec part, ServingEngine engine)
    {
        ArgumentNullException.ThrowIfNull(part);
        return TryStackFor(part.SoftwareStack, engine)
            ?? throw new ArgumentException(
                $"{Name(engine)} runs only on {(IsRocm(part.SoftwareStack) ? "CUDA" : "ROCm")} parts; {part.Id} is a {(IsRocm(part.SoftwareStack) ? "ROCm" : "CUDA")} part.",
                nameof(engine));
    }

    /// <summary>
    /// The stack a part whose spec says <paramref name="part"/> runs under <paramref name="engine"/>, or null where the
    /// engine does not run on that family (the rule of <see cref="StackFor"/>, written here once).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown engine code; ParamName is <c>engine</c>.</exception>
    public static SoftwarePlatform? TryStackFor(SoftwarePlatform part, ServingEngine engine)
    {
        bool rocm = IsRocm(part);
        return engine switch
        {
            ServingEngine.Default => part,
            ServingEngine.TensorRtLlm => rocm ? null : SoftwarePlatform.Cuda,
            ServingEngine.Vllm or ServingEngine.Sglang => rocm ? SoftwarePlatform.Rocm : SoftwarePlatform.CudaFramework,
            ServingEngine.Atom => rocm ? SoftwarePlatform.RocmAiter : null,
            _ => throw new ArgumentException($"Unknown serving engine code {(int)engine}.", nameof(engine)),
        };
    }

    private static bool Known(ServingEngine engine) => engine is >= ServingEngine.Default and <= ServingEngine.Atom;
}
