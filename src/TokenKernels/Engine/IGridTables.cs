using TokenKernels.Packing;

namespace TokenKernels.Engine;

/// <summary>
/// The per-axis value tables of a grid, wherever they live: managed arrays on the host, array views on a device.
/// Implemented by structs so that kernels and managed loops share <see cref="GridWalker"/> without virtual calls.
/// </summary>
internal interface IGridTables
{
    PackedHardware Hardware(int i);

    PackedModel Model(int i);

    /// <summary>Integer axis values, concatenated at the offsets of <see cref="GridShape"/>.</summary>
    int Int(int i);

    /// <summary>Real axis values (MTP acceptance).</summary>
    double Real(int i);
}
