using System;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>The outcome of one HTTP attempt: a status (with <c>Retry-After</c> and the first 1 KB of the body) or a network failure.</summary>
internal sealed class AttemptResult
{
    private AttemptResult(int? status, TimeSpan? retryAfter, string? body, Exception? exception, string failure, string? redirectLocation = null)
    {
        RedirectLocation = redirectLocation;
        Status = status;
        RetryAfter = retryAfter;
        Body = body;
        Exception = exception;
        Failure = failure;
    }

    /// <summary>The HTTP status, or <see langword="null"/> after a network failure or timeout.</summary>
    public int? Status { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>The first 1 KB of an error response, with the API key masked.</summary>
    public string? Body { get; }

    public Exception? Exception { get; }

    /// <summary>The target of a redirect that was not followed (with the key masked); <see langword="null"/> otherwise.</summary>
    public string? RedirectLocation { get; }

    /// <summary>A short description for log lines: <c>HTTP 503</c>, <c>HttpRequestException: …</c>, <c>timeout after …</c>.</summary>
    public string Failure { get; }

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>408, 429, 5xx, network failures and timeouts.</summary>
    public bool IsRetryable => Status is null or 408 or 429 or (>= 500 and < 600);

    public static AttemptResult FromStatus(int status, TimeSpan? retryAfter, string? body) =>
        new(status, retryAfter, body, null, "HTTP " + status.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A redirect that is not followed; <paramref name="refusal"/> says why.</summary>
    public static AttemptResult FromRedirect(int status, string location, string refusal) =>
        new(status, null, null, null, refusal, location);

    public static AttemptResult FromException(Exception exception, string failure) =>
        new(null, null, null, exception, failure);
}
