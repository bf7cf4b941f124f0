namespace TokenKernels.Workloads;

/// <summary>
/// A read-only table of doubles wherever it lives (a host array, a device view), implemented by structs so that samplers
/// run unchanged in kernels and managed loops without virtual calls.
/// </summary>
internal interface ITable
{
    /// <summary>The value at <paramref name="i"/>.</summary>
    double Table(int i);
}
