using System.Collections.Concurrent;

namespace TokenKernels.Cli.Output;

/// <summary>
/// A file a command writes, checked before any work starts and never left half-written: <see cref="Create"/> fails at
/// once (naming the option) when the folder is missing or not writable, the content goes to a temporary file beside the
/// target, <see cref="Commit"/> moves it into place, and <see cref="Dispose"/> without a commit (an error, Ctrl-C)
/// deletes it. Open temporary files are also tracked so a forced exit on a signal can remove them.
/// </summary>
public sealed class OutputFile : IDisposable
{
    private static readonly ConcurrentDictionary<string, byte> Pending = new(StringComparer.Ordinal);
    private StreamWriter? _writer;
    private bool _done;

    private OutputFile(string path, string option, string temporaryPath)
    {
        Path = path;
        Option = option;
        TemporaryPath = temporaryPath;
    }

    /// <summary>Where the file ends up.</summary>
    public string Path { get; }

    /// <summary>The option that named it (<c>--csv</c>), for messages.</summary>
    public string Option { get; }

    /// <summary>The temporary file beside <see cref="Path"/> that holds the content until <see cref="Commit"/>.</summary>
    /// <remarks>Keeps the target's extension (<c>.frontier.1a2b3c4d.tmp.png</c>) for writers that choose a format by it.</remarks>
    public string TemporaryPath { get; }

    /// <summary>A text writer on the temporary file (UTF-8, created on first use).</summary>
    public TextWriter Writer => _writer ??= new StreamWriter(TemporaryPath, append: false);

    /// <summary>
    /// Checks that <paramref name="path"/> can be written and reserves its temporary file; null when
    /// <paramref name="path"/> is null (the option was not given).
    /// </summary>
    /// <param name="path">The target file.</param>
    /// <param name="option">The option that named it, e.g. <c>--csv</c>; errors carry it as their parameter name.</param>
    /// <exception cref="ArgumentException">The folder does not exist or cannot be written, or the path is a folder.</exception>
    public static OutputFile? Create(string? path, string option)
    {
        if (path is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("needs a file name.", option);
        }

        string full;
        try
        {
            full = System.IO.Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException($"'{path}' is not a valid file name.", option, e);
        }

        string folder = System.IO.Path.GetDirectoryName(full) ?? ".";
        if (Directory.Exists(full))
        {
            throw new ArgumentException($"'{path}' is a folder; give a file name.", option);
        }

        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"cannot write '{path}': the folder '{folder}' does not exist.", option);
        }

        string name = System.IO.Path.GetFileNameWithoutExtension(full);
        string temporary = System.IO.Path.Combine(
            folder, $".{name}.{Guid.NewGuid().ToString("N")[..8]}.tmp{System.IO.Path.GetExtension(full)}");
        try
        {
            // Reserve it now: this is the writability check, and nothing else can take the name.
            using (new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"cannot write '{path}': {e.Message}", option, e);
        }

        Pending[temporary] = 0;
        return new OutputFile(full, option, temporary);
    }

    /// <summary>Closes the temporary file and moves it over <see cref="Path"/>.</summary>
    /// <exception cref="IOException">The move failed (the temporary file is then removed).</exception>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _writer?.Dispose();
        _writer = null;
        try
        {
            File.Move(TemporaryPath, Path, overwrite: true);
        }
        finally
        {
            _done = true;
            Forget(TemporaryPath);
        }
    }

    /// <summary>Removes the temporary file unless <see cref="Commit"/> moved it into place.</summary>
    public void Dispose()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        _writer?.Dispose();
        _writer = null;
        Forget(TemporaryPath);
    }

    /// <summary>Deletes every temporary file not yet committed or disposed: the last act of a forced exit.</summary>
    public static void DeleteAllPending()
    {
        foreach (string path in Pending.Keys)
        {
            Forget(path);
        }
    }

    private static void Forget(string temporary)
    {
        Pending.TryRemove(temporary, out _);
        try
        {
            File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a temporary file we cannot delete is still not the user's output.
        }
    }
}
