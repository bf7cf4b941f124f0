using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using TokenKernels.Engine;

namespace TokenKernels.Traffic;

/// <summary>
/// One ILGPU accelerator with the replica kernel loaded once. A launch runs a slice of the replicas (one per thread),
/// so progress and cancellation are honoured between slices; records and summaries come back once at the end.
/// </summary>
internal sealed class TrafficDevice : IDisposable
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly Action<Index1D, int, ArrayView<ReplicaConfig>, ArrayView<ReplicaLoad>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<ReplicaSummary>, int, int> _kernel;

    private TrafficDevice(Context context, Accelerator accelerator, string name)
    {
        _context = context;
        _accelerator = accelerator;
        _kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, int, ArrayView<ReplicaConfig>, ArrayView<ReplicaLoad>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<ReplicaSummary>, int, int>(TrafficKernels.Replicas);
        Name = name;
        SliceReplicas = accelerator.AcceleratorType == AcceleratorType.CPU ? Environment.ProcessorCount * 4 : Math.Max(256, accelerator.MaxNumThreads);
    }

    /// <summary>"ilgpu-cpu", "cuda (NVIDIA H100 ...)", ...</summary>
    public string Name { get; }

    /// <summary>Replicas per launch.</summary>
    public int SliceReplicas { get; }

    /// <summary>Opens the first device of a kind with fp64, or returns null.</summary>
    public static TrafficDevice? TryOpen(SweepBackend kind)
    {
        var type = kind switch
        {
            SweepBackend.Cuda => AcceleratorType.Cuda,
            SweepBackend.OpenCl => AcceleratorType.OpenCL,
            _ => AcceleratorType.CPU,
        };
        var context = Context.Create(b =>
        {
            _ = type switch
            {
                AcceleratorType.Cuda => b.Cuda(),
                AcceleratorType.OpenCL => b.OpenCL(),
                _ => b.CPU(),
            };
            b.Math(MathMode.Default);
        });
        try
        {
            foreach (var device in context.Devices)
            {
                if (device.AcceleratorType == type && (device is not CLDevice cl || cl.Capabilities.Float64))
                {
                    var accelerator = device.CreateAccelerator(context);
                    string name = type == AcceleratorType.CPU ? "ilgpu-cpu" : $"{(type == AcceleratorType.Cuda ? "cuda" : "opencl")} ({accelerator.Name})";
                    return new TrafficDevice(context, accelerator, name);
                }
            }
        }
        catch
        {
            context.Dispose();
            throw;
        }

        context.Dispose();
        return null;
    }

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

    public void Dispose()
    {
        _accelerator.Dispose();
        _context.Dispose();
    }
}
