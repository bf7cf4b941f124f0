using TokenKernels;
using TokenKernels.Calibration;
using Xunit;

namespace TokenKernels.Tests.Calibration;

public class MeasurementCsvTests
{
    private const string Header = "id,source,trust,hardware,model,weights,kv_cache,phase,disaggregated,gpus,tp,isl,osl,output_tok_s_gpu,tok_s_user,notes";

    private static string Csv(params string[] rows) => string.Join("\r\n", [Header, .. rows]) + "\r\n";

    [Fact]
    public void Mtp_On_MeansUsedWithoutADraftCount()
    {
        var rows = MeasurementCsv.Parse("id,hardware,model,phase,mtp,tok_s_user\na,b200,deepseek-r1,e2e,on,100\nb,b200,deepseek-r1,e2e,2,100\nc,b200,deepseek-r1,e2e,0,100\nd,b200,deepseek-r1,e2e,,100\n");
        Assert.Equal([true, true, false, null], rows.Select(r => r.MtpUsed));
        Assert.Equal([null, 2, 0, null], rows.Select(r => r.Mtp));
    }

    [Fact]
    public void GoodRows_AreTyped_EmptyCellsAreNull_QuotedFieldsKeepCommasQuotesAndLineBreaks()
    {
        var rows = MeasurementCsv.Parse(Csv(
            "a-1,src/x,high,h200,llama-3.3-70b,fp8,,e2e,false,1,1,1000,1000,2909.5,,\"offline, max load; \"\"TP1\"\"\r\nsecond line\"",
            "b/2 (x),src/y,low,gb200,gpt-oss-120b,mxfp4,fp8,decode,true,8,,,,,300,"));

        Assert.Equal(2, rows.Count);
        var a = rows[0];
        Assert.Equal("a-1", a.Id);
        Assert.Equal(MeasurementTrust.High, a.Trust);
        Assert.Equal(Precision.Fp8, a.Weights);
        Assert.Null(a.KvCache);
        Assert.Equal(MeasurementPhase.EndToEnd, a.Phase);
        Assert.False(a.Disaggregated);
        Assert.Equal(1000, a.Isl);
        Assert.Equal(2909.5, a.OutputTokSGpu);
        Assert.Null(a.TokSUser);
        Assert.Equal("offline, max load; \"TP1\"\r\nsecond line", a.Notes);
        Assert.Equal(2, a.Line);

        var b = rows[1];
        Assert.Equal(Precision.Fp4, b.Weights);
        Assert.Equal(Precision.Fp8, b.KvCache);
        Assert.Equal(MeasurementPhase.Decode, b.Phase);
        Assert.Null(b.Isl);
        Assert.Equal(300, b.TokSUser);

        // The record after a quoted line break starts on line 4 of the file.
        Assert.Equal(4, b.Line);
    }

    [Fact]
    public void ColumnsMayComeInAnyOrder_AndOptionalColumnsMayBeAbsent_WithLfLineEnds()
    {
        var rows = MeasurementCsv.Parse("model,hardware,phase,id,ttft_s\nllama-3.1-8b,h100-sxm,e2e,x,0.25\n");
        Assert.Equal("llama-3.1-8b", Assert.Single(rows).Model);
        Assert.Equal(0.25, rows[0].TtftS);
    }

    [Fact]
    public void RequestsAndTtftStatistic_SayHowTheBenchmarkRan()
    {
        // A burst of 500 prompts reporting the mean TTFT; a closed loop whose request count is not stated (median by default).
        var rows = MeasurementCsv.Parse(
            "id,hardware,model,phase,concurrency,requests,ttft_s,ttft_statistic\n" +
            "a,h200,deepseek-r1,e2e,500,500,63.1,mean\nb,h200,deepseek-r1,e2e,64,,1.2,\nc,h200,deepseek-r1,e2e,64,640,1.2,MEDIAN\n");
        Assert.Equal([500, null, 640], rows.Select(r => r.Requests));
        Assert.Equal([TtftStatistic.Mean, TtftStatistic.Median, TtftStatistic.Median], rows.Select(r => r.TtftStatistic));

        var statistic = Assert.Throws<MeasurementFormatException>(() => MeasurementCsv.Parse("id,hardware,model,phase,ttft_s,ttft_statistic\na,h200,deepseek-r1,e2e,1.2,p90\n"));
        Assert.Equal("ttft_statistic", statistic.Column);
        Assert.Contains("'p90' is not one of median, mean", statistic.Message, StringComparison.Ordinal);
        var requests = Assert.Throws<MeasurementFormatException>(() => MeasurementCsv.Parse("id,hardware,model,phase,ttft_s,requests\na,h200,deepseek-r1,e2e,1.2,0\n"));
        Assert.Equal("requests", requests.Column);
    }

    [Fact]
    public void KvCacheFraction_IsAShareUpToOne()
    {
        // TensorRT-LLM's kv_cache_free_gpu_mem_fraction: 0.95 and 1 are shares a run can state; empty is not stated.
        var rows = MeasurementCsv.Parse("id,hardware,model,phase,kv_cache_fraction,tok_s_user\na,h200,llama-3.3-70b,e2e,0.95,100\nb,h200,llama-3.3-70b,e2e,1,100\nc,h200,llama-3.3-70b,e2e,,100\n");
        Assert.Equal([0.95, 1.0, null], rows.Select(r => r.KvCacheFraction));
        foreach (string bad in new[] { "0", "1.5", "-0.1" })
        {
            var e = Assert.Throws<MeasurementFormatException>(() => MeasurementCsv.Parse($"id,hardware,model,phase,kv_cache_fraction,tok_s_user\na,h200,llama-3.3-70b,e2e,{bad},100\n"));
            Assert.Equal("kv_cache_fraction", e.Column);
        }
    }

    [Fact]
    public void OslDistribution_IsFixedOrExponential_FixedWhenEmpty()
    {
        // The column sits after fp8_attention and before engine_release in the published order; empty and "fixed" are the default.
        var columns = MeasurementCsv.Columns.ToList();
        Assert.Equal(columns.IndexOf("fp8_attention") + 1, columns.IndexOf("osl_distribution"));
        Assert.Equal(columns.IndexOf("engine_release") - 1, columns.IndexOf("osl_distribution"));
        var rows = MeasurementCsv.Parse(
            "id,hardware,model,phase,requests,output_tok_s_gpu,osl_distribution\n" +
            "a,gb200,deepseek-v3,e2e,16000,3208,exponential\nb,gb200,deepseek-v3,e2e,16000,3208,Exponential\n" +
            "c,gb200,deepseek-v3,e2e,16000,3208,fixed\nd,gb200,deepseek-v3,e2e,16000,3208,\n");
        Assert.Equal(
            [OutputLengthDistribution.Exponential, OutputLengthDistribution.Exponential, OutputLengthDistribution.Fixed, OutputLengthDistribution.Fixed],
            rows.Select(r => r.OslDistribution));
        Assert.Equal(OutputLengthDistribution.Fixed, MeasurementCsv.Parse("id,hardware,model,phase,tok_s_user\na,h200,deepseek-r1,e2e,100\n")[0].OslDistribution);

        var e = Assert.Throws<MeasurementFormatException>(() => MeasurementCsv.Parse("id,hardware,model,phase,output_tok_s_gpu,osl_distribution\na,gb200,deepseek-v3,e2e,3208,lognormal\n", "mine.csv"));
        Assert.Equal("osl_distribution", e.Column);
        Assert.Equal("lognormal", e.Value);
        Assert.Contains("mine.csv line 2, column 'osl_distribution': 'lognormal' is not one of fixed, exponential", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RangeRatio_IsAFractionOfTheStatedLengths()
    {
        // Exact lengths (1), InferenceX's 0.8, and not stated; 0 and above 1 are no range.
        var rows = MeasurementCsv.Parse(
            "id,hardware,model,phase,concurrency,ttft_s,range_ratio\n" +
            "a,h200,deepseek-r1,e2e,8,2.8,1\nb,h200,deepseek-r1,e2e,8,2.8,0.8\nc,h200,deepseek-r1,e2e,8,2.8,\n");
        Assert.Equal([1.0, 0.8, null], rows.Select(r => r.RangeRatio));
        foreach (string bad in new[] { "0", "1.5", "-0.2" })
        {
            var e = Assert.Throws<MeasurementFormatException>(() => MeasurementCsv.Parse($"id,hardware,model,phase,ttft_s,range_ratio\na,h200,deepseek-r1,e2e,1.2,{bad}\n"));
            Assert.Equal("range_ratio", e.Column);
        }
    }

    [Theory]
    [InlineData("gpus", "8x", "is not a whole number")]
    [InlineData("gpus", "0", "must be at least 1")]
    [InlineData("output_tok_s_gpu", "fast", "is not a number")]
    [InlineData("output_tok_s_gpu", "-5", "must be at least 0")]
    [InlineData("hardware", "h999", "is not a known hardware id")]
    [InlineData("model", "gpt-5", "is not a known model id")]
    [InlineData("phase", "decoding", "is not one of e2e, prefill, decode")]
    [InlineData("trust", "very", "is not one of high, medium, low")]
    [InlineData("weights", "int4", "is not one of bf16, fp8, fp4, mxfp4")]
    [InlineData("kv_cache", "fp4", "is not one of bf16, fp8")]
    [InlineData("disaggregated", "yes", "is not true or false")]
    public void BadCell_NamesLineColumnAndValue(string column, string value, string problem)
    {
        var cells = new Dictionary<string, string>
        {
            ["id"] = "r1", ["source"] = "s", ["trust"] = "high", ["hardware"] = "h200", ["model"] = "llama-3.3-70b",
            ["weights"] = "fp8", ["kv_cache"] = "", ["phase"] = "e2e", ["disaggregated"] = "false", ["gpus"] = "1", ["tp"] = "1",
            ["isl"] = "1000", ["osl"] = "1000", ["output_tok_s_gpu"] = "2909", ["tok_s_user"] = "", ["notes"] = "",
        };
        cells[column] = value;
        string good = "r0,s,high,h200,llama-3.3-70b,fp8,,e2e,false,1,1,1000,1000,2909,,";
        string bad = string.Join(",", Header.Split(',').Select(c => cells[c]));

        var e = Assert.Throws<MeasurementFormatException>(() => MeasurementCsv.Parse(Csv(good, bad), "mine.csv"));

        Assert.Equal(3, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Equal(value, e.Value);
        Assert.Contains($"mine.csv line 3, column '{column}': '{value}' {problem}", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ArgumentException>(e);
    }

    [Fact]
    public void WrongFieldCount_NamesTheLineAndBothCounts()
    {
        var e = Assert.Throws<MeasurementFormatException>(() => MeasurementCsv.Parse(Csv("r0,s,high,h200,llama-3.3-70b,fp8,,e2e,false,1,1,1000,1000,2909,")));
        Assert.Equal(2, e.Line);
        Assert.Contains("has 15 fields but the header has 16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownHeaderColumn_IsRejected()
    {
        var e = Assert.Throws<MeasurementFormatException>(() => MeasurementCsv.Parse("id,hardware,model,phase,tok_per_s\n"));
        Assert.Equal("tok_per_s", e.Column);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void UnclosedQuote_DuplicateId_AndRowWithoutMetric_AreRejected()
    {
        const string row = "r0,s,high,h200,llama-3.3-70b,fp8,,e2e,false,1,1,1000,1000,2909,,";
        Assert.Contains("never closed", Assert.Throws<MeasurementFormatException>(() => MeasurementCsv.Parse(Csv(row + "\"open"))).Message, StringComparison.Ordinal);
        Assert.Equal("id", Assert.Throws<MeasurementFormatException>(() => MeasurementCsv.Parse(Csv(row, row))).Column);
        var e = Assert.Throws<MeasurementFormatException>(() => MeasurementCsv.Parse(Csv("r0,s,high,h200,llama-3.3-70b,fp8,,e2e,false,1,1,1000,1000,,,")));
        Assert.Contains("states no measured metric", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptanceLongerThanDraftsAllow_IsRejected()
    {
        var e = Assert.Throws<MeasurementFormatException>(() =>
            MeasurementCsv.Parse("id,hardware,model,phase,mtp,mtp_acceptance_length,tok_s_user\nx,b200,deepseek-r1,e2e,1,2.5,100\n"));
        Assert.Equal("mtp_acceptance_length", e.Column);
    }

    [Fact]
    public void MissingFile_IsAnArgumentException()
    {
        Assert.Throws<ArgumentException>(() => MeasurementCsv.Load("/nonexistent/measurements.csv"));
    }
}
