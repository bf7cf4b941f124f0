using BenchmarkDotNet.Attributes;
using TokenKernels.Packing;
using TokenKernels.Physics;

namespace TokenKernels.Benchmarks;

/// <summary>
/// Cost of one configuration: the managed API (validation, packing, evaluation, result record) against the packed
/// physics call alone, which is what a sweep kernel thread runs per point.
/// </summary>
[MemoryDiagnoser]
public class SinglePointBenchmarks
{
    private HardwareSpec _hardware = null!;
    private ModelSpec _model = null!;
    private Deployment _deployment = null!;
    private Workload _workload = null!;
    private EfficiencyProfile _profile = null!;
    private PackedHardware _hw;
    private PackedModel _m;
    private PackedDeployment _d;
    private PackedProfile _p;

    /// <summary>DeepSeek-R1 on 8 x H200 with wide EP and DP attention: the MoE + MLA path, the most work per point.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _hardware = BuiltInCatalog.GetHardware("h200");
        _model = BuiltInCatalog.GetModel("deepseek-r1");
        _deployment = new Deployment { Gpus = 8, Ep = 8, Dp = 8, Weights = Precision.Fp8, KvCache = Precision.Fp8, Batch = 256 };
        _workload = new Workload { InputTokens = 1024, OutputTokens = 1024 };
        _profile = EfficiencyProfile.Default;
        _hw = HardwarePacker.Pack(_hardware);
        _m = ModelPacker.Pack(_model);
        _d = DeploymentPacker.Pack(_deployment, _workload, _hw);
        _p = ProfilePacker.Pack(_profile);
    }

    [Benchmark(Baseline = true, Description = "TokenCost.Evaluate (managed API)")]
    public ServingPoint ManagedApi() => TokenCost.Evaluate(_hardware, _model, _deployment, _workload, _profile);

    // PackedResult is internal; returning one of its fields still keeps the call from being optimised away.
    [Benchmark(Description = "ServingModel.Evaluate (packed physics only)")]
    public double PackedPhysics() => ServingModel.Evaluate(_hw, _m, _d, _p).TpotSeconds;
}
