namespace TokenKernels.Tests.Engine;

/// <summary>
/// One engine per backend for a whole test class: loading kernels takes seconds, so it happens once, on first use (a
/// class whose tests are all skipped for want of a device never opens one).
/// </summary>
public abstract class EngineFixture(SweepBackend backend) : IDisposable
{
    private readonly Lazy<SweepEngine> _engine = new(() => new SweepEngine(backend));

    public SweepEngine Engine => _engine.Value;

    public void Dispose()
    {
        if (_engine.IsValueCreated)
        {
            _engine.Value.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class ScalarEngine() : EngineFixture(SweepBackend.Scalar);

public sealed class CpuEngine() : EngineFixture(SweepBackend.Cpu);

public sealed class IlgpuCpuEngine() : EngineFixture(SweepBackend.IlgpuCpu);

public sealed class CudaEngine() : EngineFixture(SweepBackend.Cuda);

public sealed class OpenClEngine() : EngineFixture(SweepBackend.OpenCl);
