using TokenKernels;
using TokenKernels.Calibration;
using Xunit;

namespace TokenKernels.Tests.Catalog;

/// <summary>The one rule from a serving engine to the software stack a part runs (ServingEngines.StackFor).</summary>
public class ServingEngineTests
{
    private static HardwareSpec Part(SoftwarePlatform stack) => BuiltInCatalog.GetHardware("h200") with { Id = "part", SoftwareStack = stack };

    // The table of the brief, row by row: (spec's stack, engine) -> stack, written out, not derived from the code.
    [Theory]
    [InlineData(SoftwarePlatform.Cuda, ServingEngine.Default, SoftwarePlatform.Cuda)]
    [InlineData(SoftwarePlatform.Cuda, ServingEngine.TensorRtLlm, SoftwarePlatform.Cuda)]
    [InlineData(SoftwarePlatform.Cuda, ServingEngine.Vllm, SoftwarePlatform.CudaFramework)]
    [InlineData(SoftwarePlatform.Cuda, ServingEngine.Sglang, SoftwarePlatform.CudaFramework)]
    [InlineData(SoftwarePlatform.CudaFramework, ServingEngine.Default, SoftwarePlatform.CudaFramework)]
    [InlineData(SoftwarePlatform.CudaFramework, ServingEngine.TensorRtLlm, SoftwarePlatform.Cuda)]
    [InlineData(SoftwarePlatform.CudaFramework, ServingEngine.Vllm, SoftwarePlatform.CudaFramework)]
    [InlineData(SoftwarePlatform.CudaFramework, ServingEngine.Sglang, SoftwarePlatform.CudaFramework)]
    [InlineData(SoftwarePlatform.Rocm, ServingEngine.Default, SoftwarePlatform.Rocm)]
    [InlineData(SoftwarePlatform.Rocm, ServingEngine.Vllm, SoftwarePlatform.Rocm)]
    [InlineData(SoftwarePlatform.Rocm, ServingEngine.Sglang, SoftwarePlatform.Rocm)]
    [InlineData(SoftwarePlatform.Rocm, ServingEngine.Atom, SoftwarePlatform.RocmAiter)]
    [InlineData(SoftwarePlatform.RocmAiter, ServingEngine.Default, SoftwarePlatform.RocmAiter)]
    [InlineData(SoftwarePlatform.RocmAiter, ServingEngine.Vllm, SoftwarePlatform.Rocm)]
    [InlineData(SoftwarePlatform.RocmAiter, ServingEngine.Sglang, SoftwarePlatform.Rocm)]
    [InlineData(SoftwarePlatform.RocmAiter, ServingEngine.Atom, SoftwarePlatform.RocmAiter)]
    public void Engine_SetsTheStackWithinThePartsFamily(SoftwarePlatform spec, ServingEngine engine, SoftwarePlatform expected)
    {
        Assert.Equal(expected, ServingEngines.StackFor(Part(spec), engine));
        var run = Part(spec).ForEngine(engine);
        Assert.Equal(expected, run.SoftwareStack);
        Assert.Equal(Part(spec) with { SoftwareStack = expected }, run); // nothing else of the spec changes
    }

    [Theory]
    [InlineData(SoftwarePlatform.Cuda, ServingEngine.Atom, "atom runs only on ROCm parts; part is a CUDA part")]
    [InlineData(SoftwarePlatform.CudaFramework, ServingEngine.Atom, "atom runs only on ROCm parts; part is a CUDA part")]
    [InlineData(SoftwarePlatform.Rocm, ServingEngine.TensorRtLlm, "tensorrt-llm runs only on CUDA parts; part is a ROCm part")]
    [InlineData(SoftwarePlatform.RocmAiter, ServingEngine.TensorRtLlm, "tensorrt-llm runs only on CUDA parts; part is a ROCm part")]
    public void EngineOfTheOtherFamily_IsAnError_NamingEngine_AndWhy(SoftwarePlatform spec, ServingEngine engine, string why)
    {
        var e = Assert.Throws<ArgumentException>(() => ServingEngines.StackFor(Part(spec), engine));
        Assert.Equal("engine", e.ParamName);
        Assert.StartsWith(why, e.Message, StringComparison.Ordinal);
        Assert.Equal("engine", Assert.Throws<ArgumentException>(() => Part(spec).ForEngine(engine)).ParamName);
        Assert.Null(ServingEngines.TryStackFor(spec, engine));
    }

    [Fact]
    public void CatalogParts_AreCudaOnNvidia_RocmOnAmd_SoTheRuleCoversEveryOne()
    {
        // TensorRT-LLM runs on every NVIDIA part and no AMD part; ATOM the reverse; vLLM everywhere.
        foreach (var h in BuiltInCatalog.Hardware)
        {
            bool amd = h.Vendor == "AMD";
            Assert.Equal(amd, ServingEngines.TryStackFor(h.SoftwareStack, ServingEngine.TensorRtLlm) is null);
            Assert.Equal(!amd, ServingEngines.TryStackFor(h.SoftwareStack, ServingEngine.Atom) is null);
            Assert.Equal(amd ? SoftwarePlatform.Rocm : SoftwarePlatform.CudaFramework, h.ForEngine(ServingEngine.Vllm).SoftwareStack);
        }
    }

    [Fact]
    public void UnknownEngineCode_IsAnError_NamingEngine()
    {
        Assert.Equal("engine", Assert.Throws<ArgumentException>(() => ServingEngines.StackFor(Part(SoftwarePlatform.Cuda), (ServingEngine)5)).ParamName);
        Assert.Equal("engine", Assert.Throws<ArgumentException>(() => ServingEngines.Name((ServingEngine)(-1))).ParamName);
    }

    [Theory]
    [InlineData("default", ServingEngine.Default)]
    [InlineData("tensorrt-llm", ServingEngine.TensorRtLlm)]
    [InlineData("vllm", ServingEngine.Vllm)]
    [InlineData(" SGLang ", ServingEngine.Sglang)]
    [InlineData("atom", ServingEngine.Atom)]
    public void Spellings_ParseAndRoundTrip(string text, ServingEngine engine)
    {
        Assert.Equal(engine, ServingEngines.Parse(text));
        Assert.Equal(engine, ServingEngines.Parse(ServingEngines.Name(engine)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("trt")]
    [InlineData("tensorrt")]
    [InlineData(null)]
    public void UnknownSpelling_IsAnError_ListingTheEngines(string? text)
    {
        Assert.False(ServingEngines.TryParse(text, out _));
        var e = Assert.Throws<ArgumentException>(() => ServingEngines.Parse(text, "--engine"));
        Assert.Equal("--engine", e.ParamName);
        Assert.Contains("default, tensorrt-llm, vllm, sglang or atom", e.Message, StringComparison.Ordinal);
    }

    // The calibration planner reads the same rule; an engine a row names that the rule does not know, or one of the
    // other family, keeps the part's stack (as before the rule moved here).
    [Theory]
    [InlineData(SoftwarePlatform.Cuda, "tensorrt-llm", SoftwarePlatform.Cuda)]
    [InlineData(SoftwarePlatform.Cuda, "vllm", SoftwarePlatform.CudaFramework)]
    [InlineData(SoftwarePlatform.Cuda, "sglang", SoftwarePlatform.CudaFramework)]
    [InlineData(SoftwarePlatform.Cuda, "atom", SoftwarePlatform.Cuda)]
    [InlineData(SoftwarePlatform.Cuda, "deepseek", SoftwarePlatform.Cuda)]
    [InlineData(SoftwarePlatform.Cuda, "unknown", SoftwarePlatform.Cuda)]
    [InlineData(SoftwarePlatform.Rocm, "atom", SoftwarePlatform.RocmAiter)]
    [InlineData(SoftwarePlatform.Rocm, "vllm", SoftwarePlatform.Rocm)]
    [InlineData(SoftwarePlatform.Rocm, "sglang", SoftwarePlatform.Rocm)]
    [InlineData(SoftwarePlatform.Rocm, "tensorrt-llm", SoftwarePlatform.Rocm)]
    [InlineData(SoftwarePlatform.Rocm, "unknown", SoftwarePlatform.Rocm)]
    public void RowPlanner_RunsARowsEngineByTheSameRule(SoftwarePlatform part, string engine, SoftwarePlatform expected) =>
        Assert.Equal(expected, RowPlanner.Stack(part, engine));
}
