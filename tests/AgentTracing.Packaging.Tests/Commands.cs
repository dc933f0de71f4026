using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing.Packaging.Tests;

/// <summary>
/// Runs the commands a user types (<c>dotnet add package</c>, <c>dotnet publish</c>, the app itself) as child processes,
/// each bounded by a timeout after which the process tree is killed. The environment is the test's, without the
/// MSBuild and test-host variables of the surrounding <c>dotnet test</c>, and without any PostHog settings.
/// </summary>
internal static class Commands
{
    /// <summary>The <c>dotnet</c> that runs the tests.</summary>
    public static string Dotnet { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static Task<CommandResult> DotnetAsync(string arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync(Dotnet, arguments, workingDirectory, timeout, environment);

    /// <summary>Runs a command to its end; throws <see cref="TimeoutException"/> (with the output so far) when it takes longer than <paramref name="timeout"/>.</summary>
    public static async Task<CommandResult> RunAsync(string file, string arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = Start(file, arguments, workingDirectory, environment, onLine: null, out var output);
        using (process)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{file} {arguments}' did not finish within {timeout}:\n{Text(output)}");
            }

            process.WaitForExit(); // drains the asynchronous output handlers

            return new CommandResult($"{file} {arguments}", process.ExitCode, Text(output));
        }
    }

    /// <summary>Starts a long-running process (a web app); <paramref name="onLine"/> sees every line it prints. The caller waits for it and disposes it.</summary>
    public static Process Start(string file, string arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment,
        Action<string>? onLine, out StringBuilder output)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var name in info.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("POSTHOG", StringComparison.OrdinalIgnoreCase) || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase))
            {
                info.Environment.Remove(name);
            }
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                info.Environment[name] = value;
            }
        }

        var buffer = new StringBuilder();
        output = buffer;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(buffer, e.Data, onLine);
        process.ErrorDataReceived += (_, e) => Append(buffer, e.Data, onLine);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static void Append(StringBuilder buffer, string? line, Action<string>? onLine)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }

        onLine?.Invoke(line);
    }
}
