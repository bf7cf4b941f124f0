using ILGPU;
using ILGPU.Runtime;
using TokenKernels.Kernels;

namespace TokenKernels.Traffic;

/// <summary>
/// The replica kernel loaded once on a device that <see cref="DeviceBackend.Open"/> chose (the sweep engine's selection,
/// fp64 probe and reason). A launch runs a slice of the replicas (one per thread), so progress and cancellation are
/// honoured between slices; records and summaries come back once at the end.
/// </summary>
internal sealed class TrafficDevice : IDisposable
{
    private readonly DeviceBackend _device;
    private readonly Accelerator _accelerator;
    private readonly Action<Index1D, int, ArrayView<ReplicaConfig>, ArrayView<ReplicaLoad>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<ReplicaSummary>, int, int> _kernel;

    /// <summary>Loads the replica kernel on <paramref name="device"/>, which this object then owns.</summary>
    public TrafficDevice(DeviceBackend device)
    {
        _device = device;
        _accelerator = device.Accelerator;
        _kernel = _accelerator.LoadAutoGroupedStreamKernel<Index1D, int, ArrayView<ReplicaConfig>, ArrayView<ReplicaLoad>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<ReplicaSummary>, int, int>(TrafficKernels.Replicas);
        Name = device.Kind == SweepBackend.IlgpuCpu ? DeviceBackend.KindName(device.Kind) : device.Description;
        SliceReplicas = _accelerator.AcceleratorType == AcceleratorType.CPU ? Environment.ProcessorCount * 4 : Math.Max(256, _accelerator.MaxNumThreads);
    }

    /// <summary>"ilgpu-cpu", "cuda (NVIDIA H100 ...)", ...</summary>
    public string Name { get; }

    /// <summary>Replicas per launch.</summary>
    public int SliceReplicas { get; }

    /// <summary>Runs every replica of <paramref name="batch"/> on the device and copies records and summaries back into it.</summary>
    /// <param name="batch">The replicas.</param>
    /// <param name="done">Called once per replica finished (after each slice).</param>
    /// <param name="cancellationToken">Checked between slices.</param>
    /// <returns>Seconds spent in kernels (without the copies).</returns>
    public double Run(ReplicaBatch batch, Action done, CancellationToken cancellationToken)
    {
        using var configs = _accelerator.Allocate1D(batch.Configs);
        using var loads = _accelerator.Allocate1D(batch.Loads);
        using var table = _accelerator.Allocate1D(batch.Table.Length > 0 ? batch.Table : new double[1]);
        using var records = _accelerator.Allocate1D<double>(Math.Max(1, batch.Records.LongLength));
        using var summaries = _accelerator.Allocate1D<ReplicaSummary>(batch.Loads.Length);
        int slice = Math.Min(SliceReplicas, batch.Loads.Length);
        using var state = _accelerator.Allocate1D<double>((long)slice * batch.StateSize);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int first = 0; first < batch.Loads.Length; first += slice)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(slice, batch.Loads.Length - first);
            _kernel(count, first, configs.View, loads.View, table.View, state.View, records.View, summaries.View, batch.StateSize, batch.RecordsPerReplica);
            _accelerator.Synchronize();
            for (int i = 0; i < count; i++)
            {
                done();
            }
        }

        double seconds = clock.Elapsed.TotalSeconds;
        Array.Copy(records.GetAsArray1D(), batch.Records, batch.Records.LongLength);
        Array.Copy(summaries.GetAsArray1D(), batch.Summaries, batch.Summaries.Length);
        return seconds;
    }

    public void Dispose() => _device.Dispose();
}
