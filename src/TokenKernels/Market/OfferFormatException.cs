namespace TokenKernels;

/// <summary>An offers file that cannot be read: the message names the file, the line and the column.</summary>
public sealed class OfferFormatException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public OfferFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OfferFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public OfferFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for one cell or record.</summary>
    /// <param name="file">File name shown to the user.</param>
    /// <param name="line">1-based line where the record starts (the header is line 1).</param>
    /// <param name="column">Column name, or null when the whole record is wrong.</param>
    /// <param name="value">The offending text, or null.</param>
    /// <param name="problem">What is wrong, e.g. "is not a number".</param>
    public OfferFormatException(string file, int line, string? column, string? value, string problem)
        : base(Describe(file, line, column, value, problem), column ?? "offers")
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based line of the bad record (header = line 1).</summary>
    public int Line { get; }

    /// <summary>Column of the bad cell, or null when the record as a whole is malformed.</summary>
    public string? Column { get; }

    private static string Describe(string file, int line, string? column, string? value, string problem)
    {
        string where = column is null ? $"{file} line {line}" : $"{file} line {line}, column '{column}'";
        return value is null ? $"{where}: {problem}." : $"{where}: '{value}' {problem}.";
    }
}
