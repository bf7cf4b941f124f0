using ILGPU;
using ILGPU.Runtime;
using TokenKernels.Engine;
using TokenKernels.Packing;

namespace TokenKernels.Kernels;

/// <summary>Owns the device copies of a grid's value tables for one sweep.</summary>
internal sealed class DeviceGridTables : IDisposable
{
    private readonly MemoryBuffer1D<PackedHardware, Stride1D.Dense> _hardware;
    private readonly MemoryBuffer1D<PackedModel, Stride1D.Dense> _models;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _ints;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _reals;

    public DeviceGridTables(Accelerator accelerator, HostTables tables)
    {
        _hardware = accelerator.Allocate1D(NonEmpty(tables.HardwareTable));
        _models = accelerator.Allocate1D(NonEmpty(tables.ModelTable));
        _ints = accelerator.Allocate1D(NonEmpty(tables.IntTable));
        _reals = accelerator.Allocate1D(NonEmpty(tables.RealTable));
        View = new DeviceTables { HardwareTable = _hardware.View, ModelTable = _models.View, IntTable = _ints.View, RealTable = _reals.View };
    }

    public DeviceTables View { get; }

    public void Dispose()
    {
        _hardware.Dispose();
        _models.Dispose();
        _ints.Dispose();
        _reals.Dispose();
    }

    // A zero-length allocation is legal but an empty grid never launches; one element keeps views valid.
    private static T[] NonEmpty<T>(T[] values)
        where T : unmanaged => values.Length > 0 ? values : new T[1];
}
