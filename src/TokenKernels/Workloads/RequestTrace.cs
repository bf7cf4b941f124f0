using System.Globalization;

namespace TokenKernels;

/// <summary>
/// Requests recorded from real traffic, replayed by the load simulator or used as a length distribution.
/// File format (CSV, UTF-8): a header line <c>arrival_s,input_tokens,output_tokens</c>, then one request per line:
/// arrival time in seconds (a number &gt;= 0, never earlier than the line before), prompt tokens and output tokens
/// (integers &gt;= 1). Blank lines and lines starting with <c>#</c> are skipped; anything else is an error naming its
/// line and column.
/// </summary>
public sealed class RequestTrace
{
    /// <summary>The header the file must start with.</summary>
    public const string Header = "arrival_s,input_tokens,output_tokens";

    private static readonly string[] Columns = ["arrival_s", "input_tokens", "output_tokens"];

    /// <summary>Creates a trace from requests in arrival order.</summary>
    /// <exception cref="ArgumentException">Empty, out of order, or a length below 1; ParamName is <paramref name="requests"/>.</exception>
    public RequestTrace(IReadOnlyList<TraceRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            throw new ArgumentException("A trace needs at least one request.", nameof(requests));
        }

        for (int i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            if (!(r.ArrivalSeconds >= 0 && double.IsFinite(r.ArrivalSeconds)) || (i > 0 && r.ArrivalSeconds < requests[i - 1].ArrivalSeconds))
            {
                throw new ArgumentException($"Request {i}: arrival {r.ArrivalSeconds} s must be finite, >= 0 and not before the previous one.", nameof(requests));
            }

            if (r.InputTokens < 1 || r.OutputTokens < 1)
            {
                throw new ArgumentException($"Request {i}: input and output tokens must be at least 1 (were {r.InputTokens}, {r.OutputTokens}).", nameof(requests));
            }
        }

        Requests = [.. requests];
    }

    /// <summary>The requests in arrival order.</summary>
    public IReadOnlyList<TraceRequest> Requests { get; }

    /// <summary>Time of the last arrival (seconds).</summary>
    public double DurationSeconds => Requests[^1].ArrivalSeconds;

    /// <summary>Loads a trace file (format in the type's summary).</summary>
    /// <exception cref="ArgumentException">Missing file, wrong header, a bad cell (the message names line and column), or no requests; ParamName is <paramref name="path"/>.</exception>
    public static RequestTrace Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"trace file '{path}' not found.", nameof(path));
        }

        return Parse(File.ReadAllLines(path), Path.GetFileName(path));
    }

    /// <summary>Parses the lines of a trace file; <paramref name="name"/> is shown in errors.</summary>
    /// <exception cref="ArgumentException">As <see cref="Load"/>; ParamName is "path".</exception>
    public static RequestTrace Parse(IReadOnlyList<string> lines, string name)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var requests = new List<TraceRequest>();
        bool headerSeen = false;
        for (int i = 0; i < lines.Count; i++)
        {
            int line = i + 1;
            string text = lines[i].Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            if (!headerSeen)
            {
                if (!string.Equals(text.Replace(" ", "", StringComparison.Ordinal), Header, StringComparison.Ordinal))
                {
                    throw Error(name, line, null, $"expected the header '{Header}', found '{text}'");
                }

                headerSeen = true;
                continue;
            }

            string[] cells = text.Split(',');
            if (cells.Length != Columns.Length)
            {
                throw Error(name, line, null, $"expected {Columns.Length} cells ({Header}), found {cells.Length}");
            }

            if (!double.TryParse(cells[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double arrival) || !(arrival >= 0) || !double.IsFinite(arrival))
            {
                throw Error(name, line, 1, $"'{cells[0].Trim()}' is not a time in seconds >= 0");
            }

            if (requests.Count > 0 && arrival < requests[^1].ArrivalSeconds)
            {
                throw Error(name, line, 1, $"arrival {cells[0].Trim()} s is before the previous request's {requests[^1].ArrivalSeconds.ToString(CultureInfo.InvariantCulture)} s (sort the trace by arrival)");
            }

            int input = Tokens(cells[1], name, line, 2);
            int output = Tokens(cells[2], name, line, 3);
            requests.Add(new TraceRequest(arrival, input, output));
        }

        if (!headerSeen || requests.Count == 0)
        {
            throw new ArgumentException($"{name}: the trace has no requests (expected the header '{Header}' and at least one line).", "path");
        }

        return new RequestTrace(requests);
    }

    private static int Tokens(string cell, string name, int line, int column)
    {
        string text = cell.Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1
            ? value
            : throw Error(name, line, column, $"'{text}' is not a whole number of tokens >= 1");
    }

    private static ArgumentException Error(string name, int line, int? column, string problem) =>
        new(column is { } c ? $"{name} line {line}, column {c} ({Columns[c - 1]}): {problem}." : $"{name} line {line}: {problem}.", "path");
}
