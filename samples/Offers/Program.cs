// The article's market of DeepSeek-R1 offers: which offers another beats on every figure both state, what the model
// says each costs to serve on DeepSeek's own hardware (H800 at its stated $2/GPU-hour), and the margin at each price.
// Economics.AssessOffers judges them; TokenCharts draws them. Run: dotnet run --project samples/Offers [-- OUTPUT_FOLDER]
using TokenKernels;

// The shipped offers (data/offers-deepseek-r1.csv, every value with its source), found from here or a folder above.
string file = Path.Combine("data", "offers-deepseek-r1.csv");
for (int up = 0; up < 4 && !File.Exists(file); up++)
{
    file = Path.Combine("..", file);
}

var offers = OfferCsv.Load(file);

// Published price pages state prices and context, rarely speed: where an offer states no tok/s/user, it is served at
// DeepSeek's own 20 tok/s/user (an assumption of this sample, not a figure of the offer). Dominance uses the offers as stated.
const double AssumedTokSUser = 20;
var served = offers.Select(o => o with { TokSUser = o.TokSUser ?? AssumedTokSUser }).ToList();

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
    InputTokens = [1000],
    OutputTokens = [1000],
};

using var engine = new SweepEngine(); // a CUDA or OpenCL GPU when present, else every CPU core
var assessed = Economics.AssessOffers(engine, served, grid, GpuHourPrices.Catalog);
var dominatedBy = OfferDominance.DominatedBy(offers);

Console.WriteLine($"{offers.Count} DeepSeek-R1 offers ({Path.GetFileName(file)}); cost to serve on h800 at $2/GPU-hour, 1000/1000-token requests");
Console.WriteLine($"{"provider",-20} {"$/Mtok in",9} {"hit",7} {"out",6} {"context",8} {"tok/s",6} {"cost out",9} {"margin",7}  serving configuration");
foreach (var a in assessed)
{
    var o = a.Offer;
    var stated = offers.Single(x => x.Provider == o.Provider);
    string speed = stated.TokSUser is { } s ? $"{s:0}" : $"({AssumedTokSUser:0})";
    Console.WriteLine(
        $"{o.Provider,-20} {Price(o.InputPrice),9} {Price(o.InputCacheHitPrice),7} {Price(o.OutputPrice),6} {(o.ContextTokens is { } c ? $"{c / 1000}K" : "-"),8} {speed,6} "
        + $"{Price(a.CostPerMtokOutput),9} {(a.Margin is { } m ? $"{m * 100:0}%" : "-"),7}  {(a.Serving is { } p ? Describe(p.Configuration) : a.Note)}");
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
string folder = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "tokenkernels-samples");
Directory.CreateDirectory(folder);
var chart = TokenCharts.Offers(assessed, "DeepSeek-R1, margins on h800");
string[] extensions = ["png", "svg", "html"];
foreach (string extension in extensions)
{
    ChartFile.Write(chart, Path.Combine(folder, $"offers-deepseek-r1.{extension}"));
}

Console.WriteLine($"wrote offers-deepseek-r1 (.png, .svg, .html): {chart.Title}, {chart.Series.Sum(s => s.Points.Count)} offers drawn");

// A sample is also a check in CI: DeepSeek's own offer can be served on its own hardware at its own speed.
return assessed.Single(a => a.Offer.Provider == "DeepSeek").Serving is not null ? 0 : 1;

static string Price(Usd? usd) => usd is { } u ? $"{u.Dollars:0.00##}" : "-";

static string Describe(SweepConfiguration c) => $"{c.Gpus}x {c.Hardware} tp{c.ResolvedTp} ep{c.Ep} batch {c.Batch}";
