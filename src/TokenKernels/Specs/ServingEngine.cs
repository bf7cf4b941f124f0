namespace TokenKernels;

/// <summary>
/// The serving engine a part runs a model with. The physics never reads it: <see cref="ServingEngines.StackFor"/> turns it
/// into the part's <see cref="SoftwarePlatform"/>. JSON and command-line spellings: <c>default</c>, <c>tensorrt-llm</c>,
/// <c>vllm</c>, <c>sglang</c>, <c>atom</c>.
/// </summary>
public enum ServingEngine
{
    /// <summary>The part's own stack, unchanged (catalog parts: <see cref="SoftwarePlatform.Cuda"/> on NVIDIA, <see cref="SoftwarePlatform.Rocm"/> on AMD).</summary>
    Default = 0,

    /// <summary>NVIDIA TensorRT-LLM: CUDA parts only, on <see cref="SoftwarePlatform.Cuda"/>.</summary>
    TensorRtLlm = 1,

    /// <summary>vLLM: <see cref="SoftwarePlatform.CudaFramework"/> on CUDA parts, <see cref="SoftwarePlatform.Rocm"/> on ROCm parts.</summary>
    Vllm = 2,

    /// <summary>SGLang: <see cref="SoftwarePlatform.CudaFramework"/> on CUDA parts, <see cref="SoftwarePlatform.Rocm"/> on ROCm parts.</summary>
    Sglang = 3,

    /// <summary>AMD ATOM, AITER-native: ROCm parts only, on <see cref="SoftwarePlatform.RocmAiter"/>.</summary>
    Atom = 4,
}
