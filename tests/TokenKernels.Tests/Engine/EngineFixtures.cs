namespace TokenKernels.Tests.Engine;

/// <summary>One engine per backend for a whole test class: loading kernels takes seconds, so it happens once.</summary>
public abstract class EngineFixture(SweepBackend backend) : IDisposable
{
    public SweepEngine Engine { get; } = new(backend);

    public void Dispose()
    {
        Engine.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class ScalarEngine() : EngineFixture(SweepBackend.Scalar);

public sealed class CpuEngine() : EngineFixture(SweepBackend.Cpu);

public sealed class IlgpuCpuEngine() : EngineFixture(SweepBackend.IlgpuCpu);
