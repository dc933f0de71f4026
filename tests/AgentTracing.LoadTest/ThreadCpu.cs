using System;
using System.Globalization;
using System.IO;

namespace AgentTracing.LoadTest;

/// <summary>
/// The CPU time used so far by this process's threads of one name, read from <c>/proc/self/task</c> (Linux only; the
/// runtime gives a managed thread's name to its OS thread, cut to 15 characters). A thread that has exited is no
/// longer counted, so read it while the threads still run.
/// </summary>
internal static class ThreadCpu
{
    /// <summary>The summed user and system time of the threads named <paramref name="name"/>; <see langword="null"/> where <c>/proc</c> is missing.</summary>
    public static TimeSpan? Of(string name)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc/self/task"))
        {
            return null;
        }

        var comm = name.Length > 15 ? name[..15] : name;
        var ticks = 0L;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') != comm)
                {
                    continue;
                }

                // Fields 14 and 15 (utime, stime) follow the name in parentheses, which may itself hold spaces.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread exited while it was read.
            }
        }

        // Linux reports thread times in clock ticks of 1/100 s (USER_HZ) on every architecture .NET runs on.
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
