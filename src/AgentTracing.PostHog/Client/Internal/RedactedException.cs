using System;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// Stands in for an exception whose text contained the API key: it carries the original type's name and the text
/// with the key masked, never the original exception.
/// </summary>
internal sealed class RedactedException : Exception
{
    public RedactedException(string originalType, string redactedText)
        : base(redactedText)
    {
        OriginalType = originalType;
    }

    public RedactedException()
        : this("Exception", "")
    {
    }

    public RedactedException(string message)
        : this("Exception", message)
    {
    }

    public RedactedException(string message, Exception innerException)
        : base(message, innerException)
    {
        OriginalType = "Exception";
    }

    /// <summary>The full name of the exception type that was replaced.</summary>
    public string OriginalType { get; } = "Exception";

    /// <inheritdoc />
    public override string ToString() => OriginalType + " (redacted): " + Message;
}
