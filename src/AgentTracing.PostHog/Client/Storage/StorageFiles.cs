using System;
using System.Globalization;
using System.IO;

namespace AgentTracing.PostHog.Client.Storage;

/// <summary>The file operations of <see cref="BatchStore"/>: owner-only creation on Unix, atomic renames, and deletes that never throw.</summary>
internal static class StorageFiles
{
    /// <summary>The creation time at the start of a batch or temporary file's name.</summary>
    public static bool TryParseCreated(string name, out DateTimeOffset created)
    {
        var dash = name.IndexOf('-');
        created = default;
        return dash > 0 && TryParseTime(name.Substring(0, dash), out created);
    }

    /// <summary>A time as file names hold it: Unix milliseconds, 13 digits.</summary>
    public static string FormatTime(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString("D13", CultureInfo.InvariantCulture);

    /// <summary>Reads a time written by <see cref="FormatTime"/>; <see langword="false"/> for anything else, however large.</summary>
    public static bool TryParseTime(string digits, out DateTimeOffset time)
    {
        time = default;
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return false;
        }

        try
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    public static void CreateDirectory(string path)
    {
#if NET8_0_OR_GREATER
        if (!OperatingSystem.IsWindows())
        {
            // Owner only: the files hold what the application sends to PostHog.
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return;
        }
#endif
        Directory.CreateDirectory(path);
    }

    public static FileStream OpenNew(string path)
    {
#if NET8_0_OR_GREATER
        if (!OperatingSystem.IsWindows())
        {
            return new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
#endif
        return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
    }

    /// <summary>An atomic rename; the destination names are unique, so it never replaces another batch.</summary>
    public static void Move(string from, string to)
    {
#if NET8_0_OR_GREATER
        File.Move(from, to, overwrite: true);
#else
        File.Move(from, to);
#endif
    }

    public static bool TryMove(string from, string to)
    {
        try
        {
            Move(from, to);
            return true;
        }
#pragma warning disable CA1031 // Renamed by another client meanwhile.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    public static bool TryDelete(string? path)
    {
        if (path is null)
        {
            return false;
        }

        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            File.Delete(path);
            return true;
        }
#pragma warning disable CA1031 // Removed by another client meanwhile.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
