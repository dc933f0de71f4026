using System;
using System.Collections.Generic;

namespace AgentTracing.PostHog.Tests.Client.Fakes;

/// <summary>
/// One scripted reply of <see cref="FakePostHogServer"/>: a status with headers and a body, optionally after a delay,
/// or no answer at all, or an aborted connection.
/// </summary>
public sealed record ScriptedResponse
{
    /// <summary>The body PostHog answers on success.</summary>
    public const string OkBody = "{\"status\":1}";

    /// <summary>The HTTP status. Default 200.</summary>
    public int Status { get; init; } = 200;

    /// <summary>The response body; <see langword="null"/> means <see cref="OkBody"/> for 2xx and an empty body otherwise.</summary>
    public string? Body { get; init; }

    /// <summary>Extra response headers, e.g. <c>Retry-After</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Real time to wait before answering.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Answer only once this task has completed: the test decides when a request ends.</summary>
    public System.Threading.Tasks.Task? AnswerAfter { get; init; }

    /// <summary>Never answer: the request hangs until the client gives up or the server stops.</summary>
    public bool NeverAnswer { get; init; }

    /// <summary>Abort the connection (<c>HttpContext.Abort()</c>) instead of answering.</summary>
    public bool Abort { get; init; }

    /// <summary>200 <c>{"status":1}</c>.</summary>
    public static ScriptedResponse Ok() => new();

    /// <summary>The given status with an optional body.</summary>
    public static ScriptedResponse WithStatus(int status, string? body = null) => new() { Status = status, Body = body };

    /// <summary>The given status with a <c>Retry-After</c> header.</summary>
    public static ScriptedResponse WithRetryAfter(int status, string retryAfter) =>
        new() { Status = status, Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfter } };

    /// <summary>A request that is never answered.</summary>
    public static ScriptedResponse Hang() => new() { NeverAnswer = true };

    /// <summary>A connection that is aborted.</summary>
    public static ScriptedResponse AbortConnection() => new() { Abort = true };
}
