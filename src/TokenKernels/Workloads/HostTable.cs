namespace TokenKernels.Workloads;

/// <summary>An <see cref="ITable"/> over a managed array.</summary>
internal readonly struct HostTable(double[] values) : ITable
{
    public double Table(int i) => values[i];
}
