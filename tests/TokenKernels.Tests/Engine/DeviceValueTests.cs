using FsCheck;
using FsCheck.Fluent;
using TokenKernels.Kernels;
using TokenKernels.Physics;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Engine;

/// <summary>
/// A device's own per-point values (before the host recomputes candidates) against the scalar path: the same
/// feasibility, and every metric within <see cref="Tolerance.Backend"/>. Written once, instantiated for the ILGPU CPU
/// accelerator (always here), CUDA and OpenCL (skipped, with the reason, where no such device exists).
/// </summary>
public abstract class DeviceValueTests(EngineFixture fixture)
{
    private DeviceBackend Device => fixture.Engine.Device ?? throw new InvalidOperationException("not a device backend");

    [DeviceProperty(MaxTest = 20)]
    public Property EveryPointMatchesTheScalarPath() => Prop.ForAll(RandomGrids.Arbitrary(), grid =>
    {
        var g = grid.Compile();
        g.RequireMemoryLimits();
        int count = (int)g.Count;
        var (results, feasible) = Device.DeviceValues(g, 0, count);
        for (int i = 0; i < count; i++)
        {
            var host = g.Evaluate(i, out _);
            Assert.True((host.Reason == 0) == feasible[i], $"index {i}: host feasible {host.Reason == 0}, device {feasible[i]}");
            if (feasible[i])
            {
                AssertNear(host, results[i], i);
            }
        }
    });

    /// <summary>
    /// The kernels read the grid-wide engine settings: eager decode and balanced attention DP give device values equal to
    /// the scalar path's within <see cref="Tolerance.Backend"/> and unlike the values without them (DeepSeek-R1 DP8 EP8).
    /// </summary>
    [DeviceFact]
    public void EngineSettings_ReachTheKernels()
    {
        var plain = EngineSettingsSweepTests.DeepSeekDp8();
        var (plainResults, _) = Device.DeviceValues(plain.Compile(), 0, 1);
        foreach (var grid in new[] { plain with { CudaGraphs = false }, plain with { AttentionDpBalance = true } })
        {
            var g = grid.Compile();
            g.RequireMemoryLimits();
            var (results, feasible) = Device.DeviceValues(g, 0, 1);
            Assert.True(feasible[0]);
            AssertNear(g.Evaluate(0, out _), results[0], 0);
            Assert.NotEqual(plainResults[0].TotalTokSGpu, results[0].TotalTokSGpu);
        }
    }

    /// <summary>The fp64 probe that decides auto's choice computes the same chain on the device as on the host.</summary>
    [DeviceFact]
    public void Fp64Probe_ComputesTheHostsChain()
    {
        double[] device = Device.ProbeValues(37, 500);
        for (int t = 0; t < device.Length; t++)
        {
            Tolerance.BackendNear(Fp64Probe.Chain(t + 1, 500), device[t], $"probe thread {t}");
        }

        Assert.True(Device.MeasureFp64() > 0);
    }

    private static void AssertNear(in PackedResult host, in PackedResult device, long index)
    {
        Tolerance.BackendNear(host.TtftSeconds, device.TtftSeconds, $"{index} ttft");
        Tolerance.BackendNear(host.TpotSeconds, device.TpotSeconds, $"{index} tpot");
        Tolerance.BackendNear(host.TokSUser, device.TokSUser, $"{index} tok/s/user");
        Tolerance.BackendNear(host.OutputTokSGpu, device.OutputTokSGpu, $"{index} output tok/s/GPU");
        Tolerance.BackendNear(host.TotalTokSGpu, device.TotalTokSGpu, $"{index} total tok/s/GPU");
        Tolerance.BackendNear(host.UsdPerMtokTotal, device.UsdPerMtokTotal, $"{index} $/Mtok");
        Tolerance.BackendNear(host.MaxContext, device.MaxContext, $"{index} max context");
        Tolerance.BackendNear(host.KvBytesPerGpu, device.KvBytesPerGpu, $"{index} KV bytes");
        Tolerance.BackendNear(host.DecodeStepSeconds, device.DecodeStepSeconds, $"{index} decode step");
        Tolerance.BackendNear(host.PrefillSecondsPerRequest, device.PrefillSecondsPerRequest, $"{index} prefill");
        Assert.Equal(host.DecodeBound, device.DecodeBound);
    }
}

public sealed class IlgpuCpuDeviceValueTests(IlgpuCpuEngine f) : DeviceValueTests(f), IClassFixture<IlgpuCpuEngine>;

[RequiresDevice(SweepBackend.Cuda)]
public sealed class CudaDeviceValueTests(CudaEngine f) : DeviceValueTests(f), IClassFixture<CudaEngine>;

[RequiresDevice(SweepBackend.OpenCl)]
public sealed class OpenClDeviceValueTests(OpenClEngine f) : DeviceValueTests(f), IClassFixture<OpenClEngine>;

/// <summary>How <see cref="SweepBackend.Auto"/> chooses, and that it says why.</summary>
public sealed class BackendChoiceTests
{
    [Theory]
    [InlineData(5e12, 2e10, true)]   // H100-class fp64 against 2 CPU cores
    [InlineData(1e10, 2e10, false)]  // a 1/64-rate consumer GPU loses to the CPU
    [InlineData(2e10, 2e10, true)]   // a tie goes to the device
    public void PreferDevice_OnlyWhenAtLeastAsFast(double device, double cpu, bool expected) =>
        Assert.Equal(expected, Fp64Probe.PreferDevice(device, cpu));

    /// <summary>One selection: the load simulator opens its device as the sweep engine does, and says why in the same words.</summary>
    [Fact]
    public void SweepEngineAndLoadSimulator_ChooseTheSameWay()
    {
        using var engine = new SweepEngine();
        using var simulator = new LoadSimulator(SweepBackend.Auto);
        Assert.Equal(engine.Backend == SweepBackend.Cpu, simulator.Backend == "cpu");

        // The measured rates differ run to run; the words do not.
        static string Words(string reason) => System.Text.RegularExpressions.Regex.Replace(reason, @"[0-9][0-9.e+\-]*", "#");
        Assert.Equal(Words(engine.BackendReason), Words(simulator.BackendReason));

        using var forced = new LoadSimulator(SweepBackend.IlgpuCpu);
        using var forcedEngine = new SweepEngine(SweepBackend.IlgpuCpu);
        Assert.Equal("ilgpu-cpu requested", forced.BackendReason);
        Assert.Equal(forcedEngine.BackendReason, forced.BackendReason);
        Assert.Equal("ilgpu-cpu", forced.Backend);
    }

    [Fact]
    public void Auto_SaysWhyItChose()
    {
        using var engine = new SweepEngine();
        Assert.StartsWith($"auto: {DeviceBackend.KindName(engine.Backend)} (", engine.BackendReason, StringComparison.Ordinal);
        if (engine.Backend == SweepBackend.Cpu)
        {
            // No device was taken: the reason names what was missing or measured slower.
            Assert.Matches("no CUDA device|slower than the CPU", engine.BackendReason);
        }
        else
        {
            Assert.Contains("fp64 op/s", engine.BackendReason, StringComparison.Ordinal);
        }

        var stats = engine.Frontier(new SweepGrid { Hardware = [Synthetic.Gpu()], Models = [Synthetic.Dense()], Gpus = [1], Batch = [1, 8], InputTokens = [1000], OutputTokens = [1000] }).Stats;
        Assert.Equal(engine.BackendReason, stats.BackendReason);
    }

    [Fact]
    public void Forced_SaysRequested()
    {
        using var engine = new SweepEngine(SweepBackend.Scalar);
        Assert.Equal("scalar requested", engine.BackendReason);
    }

    [Fact]
    public void CpuProbe_MeasuresAPositiveRate() => Assert.InRange(Fp64Probe.MeasureCpu(), 1e6, 1e13);
}
