using System.Globalization;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using TokenKernels.Calibration;
using TokenKernels.Cli.Commands;
using TokenKernels.Tests.Cli;
using TokenKernels.Tests.Support;
using Xunit;

namespace TokenKernels.Tests.Fuzz;

/// <summary>
/// Generated mutations of valid inputs (spec and profile JSON, measurement CSVs, command lines). The only outcomes
/// allowed: a result, or a named error: ArgumentException from the library; exit code 2 and one line on stderr, without
/// a stack trace or .NET type names, from the CLI. CI runs <see cref="CiCases"/> cases per kind; set
/// TOKENKERNELS_FUZZ_CASES=10000 for a long run (<c>TOKENKERNELS_FUZZ_CASES=10000 dotnet test --filter Fuzz</c>).
/// </summary>
public class BadInputFuzzTests
{
    private const int CiCases = 150;

    private static readonly string[] Junk =
        ["", " ", "-1", "0", "1e999", "99999999999", "NaN", "\"x\"", "null", "true", "[]", "{}", "1.5", "-0.0", "\"\\u0000\"", "\"fp3\"", "\"mla\""];

    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("TOKENKERNELS_FUZZ_CASES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : CiCases;

    [Fact]
    public void ModelSpecs_Mutated_GiveASpecOrANamedError() =>
        Run(JsonMutations(CatalogCommand.ToJson()["models"]!.AsArray().Select(m => m!.ToJsonString()).ToArray()), json => ModelJson.Read(json));

    [Fact]
    public void HardwareSpecs_Mutated_GiveASpecOrANamedError() =>
        Run(JsonMutations(CatalogCommand.ToJson()["hardware"]!.AsArray().Select(h => h!.ToJsonString()).ToArray()), json => HardwareJson.Read(json));

    [Fact]
    public void Profiles_Mutated_GiveAProfileOrANamedError() =>
        Run(JsonMutations([ProfileJson.Write(EfficiencyProfile.Default), ProfileJson.Write(EfficiencyProfile.Priors)]), json => ProfileJson.Read(json));

    [Fact]
    public void MeasurementCsvs_Mutated_GiveRowsOrANamedError()
    {
        string[] lines = File.ReadAllLines(RepoPaths.File("data", "measurements-public.csv"));
        var gen =
            from rows in Gen.Choose(1, 6)
            from start in Gen.Choose(1, lines.Length - 7)
            from edit in Gen.Choose(0, 5)
            from at in Gen.Choose(0, 10_000)
            from junk in Gen.Elements(Junk)
            select Mutate([lines[0], .. lines.Skip(start).Take(rows)], edit, at, junk);
        Run(gen, text => MeasurementCsv.Parse(text));
    }

    [Fact]
    public void CommandLines_Generated_ExitWithAResultOrANamedError()
    {
        string[] commands = ["evaluate", "sweep", "frontier", "cheapest"];
        (string Option, string[] Values)[] vocabulary =
        [
            ("--model", ["llama-3.1-8b", "deepseek-v3", "nope", "", "/no/such.json", "llama-3.1-8b,gpt-oss-120b"]),
            ("--hardware", ["h200", "b200", "mi300x", "h20", "h300", "h200,b200"]),
            ("--gpus", ["1", "2", "8", "0", "-1", "3", "1,2", "1..4", "two", "99999999999"]),
            ("--tp", ["0", "1", "3", "8", "1,8", "-2"]),
            ("--ep", ["1", "8", "512", "0"]),
            ("--dp", ["1", "2", "0"]),
            ("--pp", ["1", "2", "1000"]),
            ("--batch", ["1", "64", "0", "1..16", "1..64:x2", "1..0", "x"]),
            ("--isl", ["100", "1000", "0", "1000000000", "1..4"]),
            ("--osl", ["100", "0", "-5"]),
            ("--weights", ["fp8", "fp4", "bf16", "nvfp4", "fp3"]),
            ("--kv-cache", ["fp8", "bf16", "fp4"]),
            ("--prefix-hit", ["0", "0.5", "1", "-0.1", "NaN"]),
            ("--mtp-acceptance", ["1", "2.4", "0.5", "1e308"]),
            ("--gpu-hour-usd", ["2", "-1", "0", "Infinity"]),
            ("--disaggregated", [""]),
            ("--prefill-gpus", ["1", "0"]),
            ("--decode-gpus", ["1", "8"]),
            ("--max-ttft-s", ["1", "-1", "0"]),
            ("--min-tok-s-user", ["10", "-1"]),
            ("--backend", ["cpu", "scalar", "gpu9"]),
            ("--profile", ["/no/such/profile.json"]),
            ("--bogus", ["1"]),
        ];
        var gen =
            from command in Gen.Elements(commands)
            from picks in Gen.ListOf(Gen.Elements(vocabulary).SelectMany(o => Gen.Elements(o.Values).Select(v => (o.Option, Value: v))))
            from complete in Gen.Elements(true, true, false)
            select BuildCommandLine(command, picks, complete);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Math.Max(20, Cases / 5)), Prop.ForAll(gen.ToArbitrary(), args =>
        {
            var (code, _, error) = CliHarness.Run(args);
            string where = string.Join(' ', args);
            Assert.True(code is 0 or 2, $"exit {code} for `{where}`: {error}");
            if (code == 2)
            {
                Assert.True(error.StartsWith("error: ", StringComparison.Ordinal), $"`{where}`: {error}");
                Assert.True(error.TrimEnd().Split('\n').Length == 1, $"more than one line for `{where}`: {error}");
                Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
                Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
            }
        }));
    }

    // A command line from picked options, the required ones filled in from a good baseline when `complete`; small
    // grids only (a sweep's axes come from the short lists above, and --max-configs keeps any slip cheap).
    private static string[] BuildCommandLine(string command, IEnumerable<(string Option, string Value)> picks, bool complete)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (option, value) in picks)
        {
            options[option] = value;
        }

        if (complete)
        {
            foreach (var (option, value) in new[] { ("--model", "llama-3.1-8b"), ("--hardware", "h200"), ("--gpus", "1"), ("--batch", "8"), ("--isl", "100"), ("--osl", "100") })
            {
                options.TryAdd(option, value);
            }

            if (command == "cheapest")
            {
                options.TryAdd("--max-ttft-s", "1");
                options.TryAdd("--min-tok-s-user", "1");
            }
        }

        var args = new List<string> { command };
        foreach (var (option, value) in options)
        {
            args.Add(option);
            if (option != "--disaggregated")
            {
                args.Add(value);
            }
        }

        if (command != "evaluate")
        {
            args.AddRange(["--max-configs", "100000", "--backend", "cpu"]);
        }

        return [.. args];
    }

    private static void Run<T>(Gen<string> inputs, Func<string, T> read) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), Prop.ForAll(inputs.ToArbitrary(), text =>
        {
            try
            {
                read(text);
            }
            catch (ArgumentException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                Assert.DoesNotContain("System.", e.Message, StringComparison.Ordinal);
            }
        }));

    // Field-level mutations of JSON objects: drop, rename (a typo), replace a value by junk, nest junk; then maybe a
    // text-level cut or insertion.
    private static Gen<string> JsonMutations(string[] valid) =>
        from source in Gen.Elements(valid)
        from edit in Gen.Choose(0, 6)
        from pick in Gen.Choose(0, 1000)
        from junk in Gen.Elements(Junk)
        from cut in Gen.Choose(0, 4)
        from at in Gen.Choose(0, 100_000)
        select TextEdit(FieldEdit(source, edit, pick, junk), cut, at, junk);

    private static string FieldEdit(string json, int edit, int pick, string junk)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        var target = o;
        var nested = o.Where(p => p.Value is JsonObject).Select(p => p.Value!.AsObject()).ToList();
        if (nested.Count > 0 && pick % 3 == 0)
        {
            target = nested[pick % nested.Count];
        }

        var keys = target.Select(p => p.Key).ToList();
        if (keys.Count == 0)
        {
            return json;
        }

        string key = keys[pick % keys.Count];
        JsonNode? value = junk.Length == 0 ? null : TryParse(junk);
        switch (edit)
        {
            case 0:
                target.Remove(key);
                break;
            case 1:
                var old = target[key];
                target.Remove(key);
                target[key[..^1]] = old?.DeepClone();
                break;
            case 2:
            case 3:
                target[key] = value;
                break;
            case 4:
                target[key] = new JsonObject { ["x"] = value };
                break;
            case 5:
                target["unexpected_" + key] = 1;
                break;
            default:
                break;
        }

        return o.ToJsonString();
    }

    private static string TextEdit(string text, int cut, int at, string junk) => cut switch
    {
        0 => text[..(at % (text.Length + 1))],
        1 => text.Insert(at % (text.Length + 1), junk),
        _ => text,
    };

    private static string Mutate(string[] lines, int edit, int at, string junk)
    {
        string text = string.Join('\n', lines) + "\n";
        int i = at % (text.Length + 1);
        return edit switch
        {
            0 => text[..i],
            1 => text.Insert(i, junk),
            2 => text.Insert(i, ","),
            3 => text.Insert(i, "\""),
            4 => lines[0].Replace("hardware", "hardwar", StringComparison.Ordinal) + text[lines[0].Length..],
            _ => text.Remove(i, Math.Min(3, text.Length - i)),
        };
    }

    private static JsonNode? TryParse(string junk)
    {
        try
        {
            return JsonNode.Parse(junk);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(junk);
        }
    }
}
