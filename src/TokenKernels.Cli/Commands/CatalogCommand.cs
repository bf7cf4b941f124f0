using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using TokenKernels.Cli.Output;

namespace TokenKernels.Cli.Commands;

/// <summary><c>catalog</c>: the built-in hardware and models with their key figures and sources.</summary>
public static class CatalogCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("catalog", "List built-in hardware and models with key figures and sources");
        var json = CliOptions.Json();
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(parse, ToJson());
            }
            else
            {
                Render(CliOutput.Console(parse));
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// <c>{"hardware": [...], "models": [...]}</c>; entries use the spec-file fields (<see cref="HardwareJson"/>,
    /// <see cref="ModelJson"/>), so an entry copied to a file is a valid user spec; models add counted figures.
    /// </summary>
    public static JsonObject ToJson()
    {
        var hardware = new JsonArray();
        foreach (var h in BuiltInCatalog.Hardware)
        {
            hardware.Add(JsonNode.Parse(HardwareJson.Write(h)));
        }

        var models = new JsonArray();
        foreach (var m in BuiltInCatalog.Models)
        {
            var o = JsonNode.Parse(ModelJson.Write(m))!.AsObject();
            o["total_params_b"] = Math.Round(m.TotalParameters / 1e9, 2);
            o["active_params_b"] = Math.Round(m.ActiveParameters / 1e9, 2);
            o["kv_bytes_per_token_bf16"] = m.KvBytesPerToken(Precision.Bf16).Bytes;
            models.Add(o);
        }

        return new JsonObject { ["hardware"] = hardware, ["models"] = models };
    }

    private static void Render(IAnsiConsole console)
    {
        var hw = new Table().Title("Hardware (dense peaks; links per GPU per direction)")
            .AddColumns("id", "name", "BF16 TFLOPS", "FP8 TFLOPS", "FP4 TFLOPS", "HBM GB", "HBM TB/s", "scale-up", "scale-out GB/s", "$/GPU-h");
        foreach (var h in BuiltInCatalog.Hardware)
        {
            hw.AddRow(
                Esc(h.Id),
                Esc(h.Name),
                N(h.Bf16Flops.Teraflops),
                N(h.Fp8Flops.Teraflops),
                h.Fp4Flops is { } fp4 ? N(fp4.Teraflops) : "-",
                N(h.Memory.Gigabytes),
                N(h.MemoryBandwidth.TerabytesPerSecond),
                Esc($"{h.ScaleUpDomainGpus} x {N(h.ScaleUpBandwidth.GigabytesPerSecond)} GB/s"),
                N(h.ScaleOutBandwidth.GigabytesPerSecond),
                h.GpuHourPrice is { } p ? N(p.Dollars) : "-");
        }

        console.Write(hw);

        var models = new Table().Title("Models (parameters counted from the architecture)")
            .AddColumns("id", "total B", "active B", "layers", "hidden", "attention", "FFN", "KV B/token (bf16)", "context", "native");
        foreach (var m in BuiltInCatalog.Models)
        {
            var a = m.Attention;
            string attention = a.Kind == AttentionKind.Mla
                ? $"MLA {a.QueryHeads}h, kv rank {a.KvLoraRank}+{a.QkRopeHeadDim}"
                : $"GQA {a.QueryHeads}/{a.KvHeads}x{a.HeadDim}" + (a.SlidingWindowLayers > 0 ? $", {a.SlidingWindowLayers} layers window {a.SlidingWindow}" : "");
            string ffn = m.Moe is { } moe
                ? $"MoE {moe.RoutedExperts}{(moe.SharedExperts > 0 ? $"+{moe.SharedExperts}" : "")} top-{moe.ExpertsPerToken} x {moe.ExpertFfnDim}" +
                  (m.DenseLayers > 0 ? $", {m.DenseLayers} dense" : "")
                : $"dense {m.DenseFfnDim}";
            models.AddRow(
                Esc(m.Id),
                N(m.TotalParameters / 1e9),
                N(m.ActiveParameters / 1e9),
                N(m.Layers),
                N(m.Hidden),
                Esc(attention),
                Esc(ffn),
                N(m.KvBytesPerToken(Precision.Bf16).Bytes),
                N(m.MaxContext),
                m.NativeWeights.ToId());
        }

        console.Write(models);

        console.WriteLine();
        console.MarkupLine("[bold]Sources[/] (notes: catalog --json)");
        foreach (var (id, source) in BuiltInCatalog.Hardware.Select(h => (h.Id, h.Source)).Concat(BuiltInCatalog.Models.Select(m => (m.Id, m.Source))))
        {
            console.MarkupLine(Esc($"  {id}: {source}"));
        }
    }

    private static string N(double value) => CliOutput.Number(value);

    private static string Esc(string text) => CliOutput.Text(text);

    private static string N(int value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
