using ILGPU;
using TokenKernels.Engine;
using TokenKernels.Packing;

namespace TokenKernels.Kernels;

/// <summary>A grid's value tables on a device: uploaded once per sweep, read by every thread.</summary>
internal struct DeviceTables : IGridTables
{
    public ArrayView<PackedHardware> HardwareTable;
    public ArrayView<PackedModel> ModelTable;
    public ArrayView<int> IntTable;
    public ArrayView<double> RealTable;

    public readonly PackedHardware Hardware(int i) => HardwareTable[i];

    public readonly PackedModel Model(int i) => ModelTable[i];

    public readonly int Int(int i) => IntTable[i];

    public readonly double Real(int i) => RealTable[i];
}
