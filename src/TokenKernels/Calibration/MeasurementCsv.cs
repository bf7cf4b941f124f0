using System.Globalization;
using System.Text;

namespace TokenKernels.Calibration;

/// <summary>
/// Reads a measurements CSV (data/README.md): RFC 4180 (quoted fields may hold commas, quotes and line breaks), CRLF or LF,
/// a header row naming the columns in any order; an empty cell means "not stated".
/// </summary>
public static class MeasurementCsv
{
    /// <summary>Every column of the schema, in the published order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "id", "source", "trust", "hardware", "model", "weights", "kv_cache", "phase", "disaggregated", "gpus", "prefill_gpus",
        "decode_gpus", "tp", "ep", "dp_attention", "pp", "isl", "osl", "concurrency", "batch_per_gpu", "mtp",
        "mtp_acceptance_length", "prefix_cache_hit", "output_tok_s_gpu", "input_tok_s_gpu", "total_tok_s_gpu", "tok_s_user",
        "ttft_s", "tpot_ms", "price_usd_per_gpu_hour", "cost_usd_per_mtok", "requests", "ttft_statistic",
        "max_batch", "max_num_tokens", "cuda_graphs", "adp_balance", "kv_cache_fraction", "range_ratio", "prefill_first", "request_rate", "fp8_attention", "osl_distribution", "engine_release", "notes",
    ];

    private static readonly string[] Required = ["id", "hardware", "model", "phase"];

    /// <summary>Reads a measurements file, checking hardware and model ids against the built-in catalog.</summary>
    /// <exception cref="ArgumentException">The file does not exist.</exception>
    /// <exception cref="MeasurementFormatException">A record is malformed; the message names line, column and value.</exception>
    public static IReadOnlyList<Measurement> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"Measurements file '{path}' does not exist.", nameof(path));
        }

        return Parse(File.ReadAllText(path, Encoding.UTF8), Path.GetFileName(path));
    }

    /// <summary>Parses measurements CSV text, checking hardware and model ids against the built-in catalog.</summary>
    /// <param name="text">The whole file.</param>
    /// <param name="fileName">Name used in error messages.</param>
    /// <exception cref="MeasurementFormatException">A record is malformed; the message names line, column and value.</exception>
    public static IReadOnlyList<Measurement> Parse(string text, string fileName = "measurements.csv") =>
        Parse(
            text,
            fileName,
            id => BuiltInCatalog.Hardware.Any(h => h.Id == id),
            id => BuiltInCatalog.Models.Any(m => m.Id == id));

    internal static IReadOnlyList<Measurement> Parse(string text, string fileName, Func<string, bool> isHardware, Func<string, bool> isModel)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = ReadRecords(text, fileName);
        if (records.Count == 0)
        {
            throw new MeasurementFormatException(fileName, 1, null, null, "is empty (expected a header row)");
        }

        var (headerLine, header) = records[0];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Count; i++)
        {
            string name = header[i].Trim();
            if (!Columns.Contains(name))
            {
                throw new MeasurementFormatException(fileName, headerLine, name, null, "is not a column of the measurements schema (see data/README.md)");
            }

            if (!index.TryAdd(name, i))
            {
                throw new MeasurementFormatException(fileName, headerLine, name, null, "appears twice in the header");
            }
        }

        foreach (string name in Required)
        {
            if (!index.ContainsKey(name))
            {
                throw new MeasurementFormatException(fileName, headerLine, name, null, "is a required column missing from the header");
            }
        }

        var rows = new List<Measurement>(records.Count - 1);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int r = 1; r < records.Count; r++)
        {
            var (line, cells) = records[r];
            if (cells.Count == 1 && cells[0].Length == 0)
            {
                continue;
            }

            if (cells.Count != header.Count)
            {
                throw new MeasurementFormatException(fileName, line, null, null, $"has {cells.Count} fields but the header has {header.Count}");
            }

            var row = new RowReader(fileName, line, cells, index);
            var m = row.Build(isHardware, isModel);
            if (!ids.Add(m.Id))
            {
                throw new MeasurementFormatException(fileName, line, "id", m.Id, "repeats an earlier row's id");
            }

            rows.Add(m);
        }

        return rows;
    }

    /// <summary>Splits RFC 4180 text into records of fields, with the 1-based line each record starts on.</summary>
    internal static List<(int Line, List<string> Cells)> ReadRecords(string text, string fileName)
    {
        var records = new List<(int, List<string>)>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        bool quoted = false;
        bool wasQuoted = false;
        int start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        cell.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    cell.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when cell.Length == 0 && !wasQuoted:
                    quoted = true;
                    wasQuoted = true;
                    break;
                case '"':
                    throw new MeasurementFormatException(fileName, line, null, null, "has a quote inside an unquoted field (quote the whole field and double inner quotes)");
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    wasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    wasQuoted = false;
                    records.Add((recordLine, cells));
                    cells = [];
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (wasQuoted)
                    {
                        throw new MeasurementFormatException(fileName, line, null, null, "has text after a closing quote");
                    }

                    cell.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            throw new MeasurementFormatException(fileName, recordLine, null, null, "has a quoted field that is never closed");
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            records.Add((recordLine, cells));
        }

        return records;
    }

    /// <summary>Typed access to one record's cells, raising errors that name the cell.</summary>
    private readonly struct RowReader(string file, int line, List<string> cells, Dictionary<string, int> index)
    {
        public Measurement Build(Func<string, bool> isHardware, Func<string, bool> isModel)
        {
            string id = Text("id");
            if (id.Length == 0)
            {
                throw Fail("id", "", "must not be empty");
            }

            string hardware = Text("hardware");
            if (!isHardware(hardware))
            {
                throw Fail("hardware", hardware, "is not a known hardware id");
            }

            string model = Text("model");
            if (!isModel(model))
            {
                throw Fail("model", model, "is not a known model id");
            }

            var m = new Measurement
            {
                Id = id,
                Source = Text("source"),
                Trust = Trust(),
                Hardware = hardware,
                Model = model,
                Weights = PrecisionCell("weights", allowFp4: true),
                KvCache = PrecisionCell("kv_cache", allowFp4: false),
                Phase = Phase(),
                Disaggregated = Bool("disaggregated"),
                Gpus = Count("gpus"),
                PrefillGpus = Count("prefill_gpus"),
                DecodeGpus = Count("decode_gpus"),
                Tp = Count("tp"),
                Ep = Count("ep"),
                DpAttention = Count("dp_attention"),
                Pp = Count("pp"),
                Isl = Count("isl"),
                Osl = Count("osl"),
                Concurrency = Count("concurrency"),
                Requests = Count("requests"),
                MaxBatch = Count("max_batch"),
                MaxNumTokens = Count("max_num_tokens"),
                CudaGraphs = Bool("cuda_graphs"),
                AdpBalance = Bool("adp_balance"),
                Fp8Attention = Bool("fp8_attention"),
                OslDistribution = OslDistribution(),
                EngineRelease = ReleaseMonth(),
                KvCacheFraction = ShareUpToOne("kv_cache_fraction"),
                RangeRatio = RangeRatio(),
                PrefillFirst = Bool("prefill_first"),
                RequestRate = Positive("request_rate"),
                BatchPerGpu = Count("batch_per_gpu"),
                Mtp = Text("mtp") == "on" ? null : Count("mtp", minimum: 0),
                MtpUsed = Text("mtp") == "on" ? true : Count("mtp", minimum: 0) is { } k ? k > 0 : null,
                MtpAcceptanceLength = Number("mtp_acceptance_length", minimum: 1),
                PrefixCacheHit = Fraction("prefix_cache_hit"),
                OutputTokSGpu = Positive("output_tok_s_gpu"),
                InputTokSGpu = Positive("input_tok_s_gpu"),
                TotalTokSGpu = Positive("total_tok_s_gpu"),
                TokSUser = Positive("tok_s_user"),
                TtftS = Positive("ttft_s"),
                TtftStatistic = Statistic(),
                TpotMs = Positive("tpot_ms"),
                PriceUsdPerGpuHour = Positive("price_usd_per_gpu_hour"),
                CostUsdPerMtok = Positive("cost_usd_per_mtok"),
                Notes = Text("notes"),
                Line = line,
            };

            if (m.Mtp is { } drafts && m.MtpAcceptanceLength is { } accepted && accepted > drafts + 1)
            {
                throw Fail("mtp_acceptance_length", Text("mtp_acceptance_length"), $"exceeds 1 + mtp = {drafts + 1} tokens per step");
            }

            if (m.Disaggregated == false && (m.PrefillGpus is not null || m.DecodeGpus is not null))
            {
                throw Fail("disaggregated", Text("disaggregated"), "contradicts prefill_gpus/decode_gpus, which only disaggregated rows state");
            }

            if (MeasuredMetricNames.All.All(x => m.Get(x) is null))
            {
                throw new MeasurementFormatException(file, line, null, null, "states no measured metric (output_tok_s_gpu, input_tok_s_gpu, total_tok_s_gpu, tok_s_user, ttft_s or tpot_ms)");
            }

            return m;
        }

        private string Text(string column) => index.TryGetValue(column, out int i) ? cells[i].Trim() : "";

        private MeasurementFormatException Fail(string column, string value, string problem) => new(file, line, column, value, problem);

        private MeasurementTrust Trust()
        {
            string t = Text("trust");
            return t.ToUpperInvariant() switch
            {
                "" or "HIGH" => MeasurementTrust.High,
                "MEDIUM" => MeasurementTrust.Medium,
                "LOW" => MeasurementTrust.Low,
                _ => throw Fail("trust", t, "is not one of high, medium, low"),
            };
        }

        private TtftStatistic Statistic()
        {
            string t = Text("ttft_statistic");
            return t.ToUpperInvariant() switch
            {
                "" or "MEDIAN" => TtftStatistic.Median,
                "MEAN" => TtftStatistic.Mean,
                _ => throw Fail("ttft_statistic", t, "is not one of median, mean"),
            };
        }

        private OutputLengthDistribution OslDistribution()
        {
            string t = Text("osl_distribution");
            return t.ToUpperInvariant() switch
            {
                "" or "FIXED" => OutputLengthDistribution.Fixed,
                "EXPONENTIAL" => OutputLengthDistribution.Exponential,
                _ => throw Fail("osl_distribution", t, "is not one of fixed, exponential"),
            };
        }

        private MeasurementPhase Phase()
        {
            string t = Text("phase");
            return t.ToUpperInvariant() switch
            {
                "E2E" => MeasurementPhase.EndToEnd,
                "PREFILL" => MeasurementPhase.Prefill,
                "DECODE" => MeasurementPhase.Decode,
                _ => throw Fail("phase", t, "is not one of e2e, prefill, decode"),
            };
        }

        private Precision? PrecisionCell(string column, bool allowFp4)
        {
            string t = Text(column);
            if (t.Length == 0)
            {
                return null;
            }

            var p = t.ToUpperInvariant() switch
            {
                "BF16" => Precision.Bf16,
                "FP8" => Precision.Fp8,
                "FP4" or "MXFP4" when allowFp4 => Precision.Fp4,
                _ => (Precision?)null,
            };
            return p ?? throw Fail(column, t, allowFp4 ? "is not one of bf16, fp8, fp4, mxfp4" : "is not one of bf16, fp8");
        }

        // engine_release: a year-month, yyyy-MM (2025-03), from 2000-01 on; empty = not stated.
        private int? ReleaseMonth()
        {
            string t = Text("engine_release");
            if (t.Length == 0)
            {
                return null;
            }

            if (t.Length != 7 || t[4] != '-'
                || !int.TryParse(t.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int year)
                || !int.TryParse(t.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int month)
                || month is < 1 or > 12 || year < 2000)
            {
                throw Fail("engine_release", t, "is not a year-month yyyy-MM from 2000-01 on (e.g. 2025-03)");
            }

            return Physics.EngineRelease.Month(year, month);
        }

        private bool? Bool(string column)
        {
            string t = Text(column);
            return t.ToUpperInvariant() switch
            {
                "" => null,
                "TRUE" => true,
                "FALSE" => false,
                _ => throw Fail(column, t, "is not true or false"),
            };
        }

        private int? Count(string column, int minimum = 1)
        {
            string t = Text(column);
            if (t.Length == 0)
            {
                return null;
            }

            if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int v))
            {
                throw Fail(column, t, "is not a whole number");
            }

            return v >= minimum ? v : throw Fail(column, t, $"must be at least {minimum}");
        }

        private double? Number(string column, double minimum)
        {
            string t = Text(column);
            if (t.Length == 0)
            {
                return null;
            }

            if (!double.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double v)
                || !double.IsFinite(v))
            {
                throw Fail(column, t, "is not a number");
            }

            return v >= minimum ? v : throw Fail(column, t, $"must be at least {minimum.ToString(CultureInfo.InvariantCulture)}");
        }

        private double? Positive(string column)
        {
            double? v = Number(column, 0);
            return v is 0 ? throw Fail(column, Text(column), "must be positive") : v;
        }

        private double? ShareUpToOne(string column)
        {
            double? v = Number(column, 0);
            return v is <= 0 or > 1 ? throw Fail(column, Text(column), "must be a share in (0, 1]") : v;
        }

        private double? RangeRatio()
        {
            double? v = Number("range_ratio", 0);
            return v is > 1 or <= 0 ? throw Fail("range_ratio", Text("range_ratio"), "must be in (0, 1]") : v;
        }

        private double? Fraction(string column)
        {
            double? v = Number(column, 0);
            return v is >= 1 ? throw Fail(column, Text(column), "must be a fraction in [0, 1)") : v;
        }
    }
}
