using ILGPU;

namespace TokenKernels.Traffic;

/// <summary>An <see cref="ITrafficMemory"/> over device views: the shared table and one replica's slices of state and records.</summary>
internal struct DeviceTrafficMemory : ITrafficMemory
{
    public ArrayView<double> TableView;
    public ArrayView<double> StateView;
    public long StateOffset;
    public ArrayView<double> RecordView;
    public long RecordOffset;

    public readonly double Table(int i) => TableView[i];

    public readonly double State(int i) => StateView[StateOffset + i];

    public readonly void SetState(int i, double value) => StateView[StateOffset + i] = value;

    public readonly double Record(int i) => RecordView[RecordOffset + i];

    public readonly void SetRecord(int i, double value) => RecordView[RecordOffset + i] = value;
}
