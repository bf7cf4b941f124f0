using TokenKernels.Packing;

namespace TokenKernels.Engine;

/// <summary>A grid's value tables in managed arrays, for the managed backends and for re-evaluating candidates.</summary>
internal readonly struct HostTables(PackedHardware[] hardware, PackedModel[] models, int[] ints, double[] reals) : IGridTables
{
    public PackedHardware[] HardwareTable { get; } = hardware;

    public PackedModel[] ModelTable { get; } = models;

    public int[] IntTable { get; } = ints;

    public double[] RealTable { get; } = reals;

    public PackedHardware Hardware(int i) => HardwareTable[i];

    public PackedModel Model(int i) => ModelTable[i];

    public int Int(int i) => IntTable[i];

    public double Real(int i) => RealTable[i];
}
