namespace AgentTracing.Packaging.Tests;

/// <summary>What a finished command printed (stdout and stderr interleaved as they came) and its exit code.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output)
{
    /// <inheritdoc />
    public override string ToString() => $"$ {Command}\n(exit {ExitCode})\n{Output}";
}
