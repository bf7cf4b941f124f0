namespace TokenKernels.Calibration;

/// <summary>A measurements file that cannot be read: names the line, the column and the offending value.</summary>
public sealed class MeasurementFormatException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public MeasurementFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MeasurementFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public MeasurementFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for one cell.</summary>
    /// <param name="file">File name shown to the user.</param>
    /// <param name="line">1-based line where the record starts (the header is line 1).</param>
    /// <param name="column">Column name, or null when the whole record is wrong.</param>
    /// <param name="value">The offending text, or null.</param>
    /// <param name="problem">What is wrong, e.g. "is not an integer".</param>
    public MeasurementFormatException(string file, int line, string? column, string? value, string problem)
        : base(Describe(file, line, column, value, problem), column ?? "data")
    {
        Line = line;
        Column = column;
        Value = value;
    }

    /// <summary>1-based line where the bad record starts (header = line 1); 0 when not about one record.</summary>
    public int Line { get; }

    /// <summary>Column of the bad cell, or null when the record as a whole is malformed.</summary>
    public string? Column { get; }

    /// <summary>Text of the bad cell, or null.</summary>
    public string? Value { get; }

    private static string Describe(string file, int line, string? column, string? value, string problem)
    {
        string where = column is null ? $"{file} line {line}" : $"{file} line {line}, column '{column}'";
        return value is null ? $"{where}: {problem}." : $"{where}: '{value}' {problem}.";
    }
}
