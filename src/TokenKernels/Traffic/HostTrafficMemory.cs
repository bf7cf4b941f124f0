namespace TokenKernels.Traffic;

/// <summary>An <see cref="ITrafficMemory"/> over managed arrays, one replica's slices at the given offsets.</summary>
internal readonly struct HostTrafficMemory(double[] table, double[] state, int stateOffset, double[] records, int recordOffset) : ITrafficMemory
{
    public double Table(int i) => table[i];

    public double State(int i) => state[stateOffset + i];

    public void SetState(int i, double value) => state[stateOffset + i] = value;

    public double Record(int i) => records[recordOffset + i];

    public void SetRecord(int i, double value) => records[recordOffset + i] = value;
}
