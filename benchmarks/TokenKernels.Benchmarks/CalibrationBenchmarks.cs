using BenchmarkDotNet.Attributes;
using TokenKernels.Calibration;

namespace TokenKernels.Benchmarks;

/// <summary>
/// What one step of a calibration search costs: every row of <c>data/measurements-public.csv</c> predicted once under the
/// shipped profile (all candidates of every row, then the row's selection), the unit a fit repeats a few thousand times.
/// </summary>
[MemoryDiagnoser]
public class CalibrationBenchmarks
{
    private PlannedRows _planned = null!;
    private EfficiencyProfile _profile = null!;

    /// <summary>Plans the public rows once (as a fit does).</summary>
    [GlobalSetup]
    public void Setup()
    {
        string path = Path.Combine(FindRepositoryRoot(), "data", "measurements-public.csv");
        _planned = PlannedRows.Build(MeasurementCsv.Load(path), EfficiencyProfile.Priors);
        _profile = EfficiencyProfile.Default;
    }

    [Benchmark(Description = "predict every public row once (one loss evaluation)")]
    public int PredictAllRows() => _planned.Predict(_profile).Length;

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "data", "measurements-public.csv")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("data/measurements-public.csv not found above " + AppContext.BaseDirectory);
    }
}
