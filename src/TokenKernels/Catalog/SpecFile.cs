namespace TokenKernels.Catalog;

/// <summary>Reads a spec file and puts its path into any error, so a user with several files knows which one is wrong.</summary>
internal static class SpecFile
{
    public static T Read<T>(string path, string parameterName, Func<string, T> parse)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, parameterName);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"File '{path}' does not exist.", parameterName);
        }

        try
        {
            return parse(File.ReadAllText(path));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{path}: {JsonFields.MessageOf(e)}", parameterName, e);
        }
    }
}
