// The article's verbosity point: a terse model finishes a task sooner even at a lower speed per user. Its figure is a
// ratio (Claude answers with about a third of the tokens of Gemini 2.5 Pro or DeepSeek R1-0528), so the lengths here are
// round numbers in that ratio, not measurements: a 3,000-token answer and a 1,000-token one to the same 2,000-token prompt.
// Both are served by the model as DeepSeek-R1 on 8-32 H800 at $2/GPU-hour, at the cheapest configuration meeting each
// speed; Economics.CompareTasks prices them; TokenCharts draws them. Run: dotnet run --project samples/Verbosity [-- OUTPUT_FOLDER]
using TokenKernels;

const int PromptTokens = 2000;
(string Name, int Tokens)[] answers = [("verbose (3,000 tokens)", 3000), ("terse (1,000 tokens)", 1000)];
double[] speeds = [10, 15, 20, 30, 50];

var grid = new SweepGrid
{
    Models = [BuiltInCatalog.GetModel("deepseek-r1")],
    Hardware = [BuiltInCatalog.GetHardware("h800")],
    Gpus = [8, 16, 32],
    Tp = [1],
    Ep = [8, 16, 32],
    Weights = [Precision.Fp8],
    KvCache = [Precision.Fp8],
    Batch = AxisValues.ParseIntegers("1..2048:x1.25", "batch"),
    InputTokens = [PromptTokens],
    OutputTokens = [answers[0].Tokens], // each answer length below replaces it
    Prices = new Prices(GpuHourPrices.Catalog.For(BuiltInCatalog.GetHardware("h800"))!.Value),
};

using var engine = new SweepEngine(); // a CUDA or OpenCL GPU when present, else every CPU core
var rows = new List<(string Answer, double Speed, double Actual, TaskRow Row)>();
foreach (var (name, tokens) in answers)
{
    foreach (double speed in speeds)
    {
        var sla = new ServiceLevel { MaxTtft = Duration.FromSeconds(double.MaxValue), MinTokSUser = speed };
        if (engine.Cheapest(grid with { OutputTokens = [tokens] }, sla).Value is { } best)
        {
            var candidate = TaskCandidate.FromPoint(name, best.Metrics, tokens);
            rows.Add((name, speed, best.Metrics.TokSUser, Economics.CompareTasks([candidate], PromptTokens).Single()));
        }
        else
        {
            Console.WriteLine($"{name}: no configuration of up to 32 h800 reaches {speed:0} tok/s/user");
        }
    }
}

Console.WriteLine($"one task: {PromptTokens:#,0} prompt tokens; DeepSeek-R1 on h800 at $2/GPU-hour, cheapest configuration at each speed");
Console.WriteLine($"{"answer",-24} {">= tok/s",8} {"runs at",8} {"seconds",8} {"$ per answer",13}");
foreach (var (answer, speed, actual, row) in rows)
{
    Console.WriteLine($"{answer,-24} {speed,8:0} {actual,8:0.0} {row.Latency.Seconds,8:0.0} {row.Cost.Dollars,13:0.000000}");
}

// The article's comparison: the terse answer at 20 tok/s against the verbose one at 50.
var terse20 = rows.Single(r => r.Answer.StartsWith("terse", StringComparison.Ordinal) && r.Speed == 20).Row;
var verbose50 = rows.Single(r => r.Answer.StartsWith("verbose", StringComparison.Ordinal) && r.Speed == 50).Row;
Console.WriteLine($"terse at 20 tok/s: {terse20.Latency.Seconds:0.0} s, ${terse20.Cost.Dollars:0.000000}; verbose at 50 tok/s: {verbose50.Latency.Seconds:0.0} s, ${verbose50.Cost.Dollars:0.000000}");

// The chart: seconds to a full answer against the speed it is served at, one line per answer length, labelled with the
// cost (a speed floor whose cheapest configuration already runs faster draws the same point once).
var chart = new Chart(
    "Seconds to a full answer against speed per user",
    "DeepSeek-R1 on h800 at $2/GPU-hour; answer lengths in the article's 1:3 ratio (round numbers); labels: $ per answer",
    new ChartAxis("tok/s per user (output) it is served at", true),
    new ChartAxis("seconds to the full answer (TTFT + answer x TPOT)", true),
    [.. answers.Select(a => new ChartSeries(a.Name, ChartSeriesKind.Line, [.. rows.Where(r => r.Answer == a.Name).DistinctBy(r => r.Actual).Select(r =>
        new ChartPoint(r.Actual, r.Row.Latency.Seconds) { Label = $"${r.Row.Cost.Dollars:0.0000}", Hover = $"{a.Name} at {r.Actual:0.0} tok/s: {r.Row.Latency.Seconds:0.0} s, ${r.Row.Cost.Dollars:0.000000}" })]))]);
ChartFile.WriteAll(chart, ChartFile.OutputFolder(args), "verbosity");

Console.WriteLine($"wrote verbosity (.png, .svg, .html): {chart.Series.Sum(s => s.Points.Count)} points");

// A sample is also a check in CI: the article's point holds in the model (the terse answer at 20 is sooner than the verbose at 50).
return terse20.Latency.Seconds < verbose50.Latency.Seconds ? 0 : 1;
