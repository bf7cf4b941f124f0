// The article's market of DeepSeek-R1 offers: price against time to first token, which offers another beats on every
// figure both state, what the model says each costs to serve on DeepSeek's own hardware (H800 at its stated
// $2/GPU-hour), and the margin at each price. Economics.AssessOffers judges them; TokenCharts draws them.
// Run: dotnet run --project samples/Offers [-- OUTPUT_FOLDER]
using TokenKernels;

// The shipped offers (data/offers-deepseek-r1.csv, every value with its source), found from here or a folder above.
string file = Path.Combine("data", "offers-deepseek-r1.csv");
for (int up = 0; up < 4 && !File.Exists(file); up++)
{
    file = Path.Combine("..", file);
}

var offers = OfferCsv.Load(file);

// An offer's TTFT is what its users saw under its traffic, so the modelled configuration must meet it as the P90 at a
// stated load (here 70% of each configuration's capacity), together with the offer's tok/s/user and context window.
// Offers that state no TTFT or no tok/s/user get no cost to serve: there is no service level to price.
const double Load = 0.7;
var grid = new SweepGrid
{
    Models = [BuiltInCatalog.GetModel("deepseek-r1")],
    Hardware = [BuiltInCatalog.GetHardware("h800")],
    Gpus = [8, 16, 32],
    Disaggregated = [false, true], // DeepSeek's own service splits prefill and decode pools
    PrefillGpus = [8, 16, 32],
    DecodeGpus = [16, 32, 64],
    DecodeInstances = [1, 2],
    Tp = [1],
    Ep = [8, 16, 32],
    Weights = [Precision.Fp8],
    KvCache = [Precision.Fp8],
    Batch = AxisValues.ParseIntegers("1..2048:x1.25", "batch"),
    InputTokens = [1000],
    OutputTokens = [1000],
    Load = Load,
};

using var engine = new SweepEngine(); // a CUDA or OpenCL GPU when present, else every CPU core
var assessed = Economics.AssessOffers(engine, offers, grid, GpuHourPrices.Catalog);
var dominatedBy = OfferDominance.DominatedBy(offers);

Console.WriteLine($"{offers.Count} DeepSeek-R1 offers ({Path.GetFileName(file)}), {offers.Count(o => o.Ttft is not null)} with a TTFT; cost to serve on h800 at $2/GPU-hour, 1000/1000-token requests, TTFT as P90 at {Load:0%} load");
Console.WriteLine($"{"provider",-18} {"$/Mtok in",9} {"hit",6} {"out",5} {"context",7} {"TTFT s",6} {"tok/s",5} {"cost out",8} {"margin",6}  serving configuration");
foreach (var a in assessed)
{
    var o = a.Offer;
    Console.WriteLine(
        $"{o.Provider,-18} {Price(o.InputPrice),9} {Price(o.InputCacheHitPrice),6} {Price(o.OutputPrice),5} {(o.ContextTokens is { } c ? $"{c / 1000}K" : "-"),7} "
        + $"{(o.Ttft is { } t ? $"{t.Seconds:0.00}" : "-"),6} {(o.TokSUser is { } s ? $"{s:0.0}" : "-"),5} "
        + $"{Price(a.CostPerMtokOutput),8} {(a.Margin is { } m ? $"{m * 100:0}%" : "-"),6}  {(a.Serving is { } p ? Describe(p.Configuration) : a.Note)}");
}

Console.WriteLine("dominated (another offer is at least as good on every figure both state, better on one):");
for (int i = 0; i < offers.Count; i++)
{
    foreach (int j in dominatedBy[i])
    {
        Console.WriteLine($"  {offers[i].Provider} by {offers[j].Provider}, on {string.Join(", ", OfferDominance.SharedDimensions(offers[j], offers[i]))}");
    }
}

// The chart: PNG and SVG (ScottPlot) and a self-contained interactive HTML page.
var chart = TokenCharts.Offers(assessed, $"DeepSeek-R1; TTFT, tok/s/user: single-request medians, Feb 2025; margins on h800 at {Load:0%} load");
ChartFile.WriteAll(chart, ChartFile.OutputFolder(args), "offers-deepseek-r1");
Console.WriteLine($"wrote offers-deepseek-r1 (.png, .svg, .html): {chart.Title}, {chart.Series.Sum(s => s.Points.Count)} offers drawn");

// A sample is also a check in CI: DeepSeek's own offer can be served on its own hardware at its own TTFT and speed.
return assessed.Single(a => a.Offer.Provider == "DeepSeek").Serving is not null ? 0 : 1;

static string Price(Usd? usd) => usd is { } u ? $"{u.Dollars:0.00##}" : "-";

static string Describe(SweepConfiguration c) => c.Disaggregated
    ? $"{c.PrefillGpus}+{c.DecodeGpus}x {c.Hardware} ({c.DecodeInstances} decode) tp{c.ResolvedTp} ep{c.Ep} batch {c.Batch}"
    : $"{c.Gpus}x {c.Hardware} tp{c.ResolvedTp} ep{c.Ep} batch {c.Batch}";
