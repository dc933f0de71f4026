using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging.Testing;

namespace AgentTracing.PostHog.Tests.Reliability;

/// <summary>Asserts that a secret (the API key) appears in no log line, no exception and no error report.</summary>
internal static class SecretAssert
{
    public static void NotInLogs(IEnumerable<FakeLogRecord> records, string secret)
    {
        foreach (var record in records)
        {
            Assert.DoesNotContain(secret, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, Describe(record.Exception), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, string.Join("|", record.StructuredState?.Select(p => p.Key + "=" + p.Value) ?? []), StringComparison.Ordinal);
        }
    }

    public static void NotInErrors(IEnumerable<PostHogDeliveryError> errors, string secret)
    {
        foreach (var error in errors)
        {
            Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, error.ResponseBody ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain(secret, Describe(error.Exception), StringComparison.Ordinal);
        }
    }

    /// <summary>An exception with its inner exceptions, messages, data and stack traces.</summary>
    private static string Describe(Exception? exception)
    {
        if (exception is null)
        {
            return "";
        }

        var data = string.Join("|", exception.Data.Keys.Cast<object>().Select(k => $"{k}={exception.Data[k]}"));
        return exception + "|" + data + "|" + Describe(exception.InnerException);
    }
}
