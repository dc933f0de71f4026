using System;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>The <see cref="TimeProvider"/> and task helpers whose APIs differ between .NET 8+ and .NET Standard 2.0.</summary>
internal static class TimeCompat
{
    /// <summary>A delay on <paramref name="timeProvider"/>'s clock, cancellable by <paramref name="cancellationToken"/>.</summary>
    public static Task Delay(TimeProvider timeProvider, TimeSpan delay, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        return Task.Delay(delay, timeProvider, cancellationToken);
#else
        return timeProvider.Delay(delay, cancellationToken);
#endif
    }

    /// <summary>A source cancelled after <paramref name="delay"/> on <paramref name="timeProvider"/>'s clock.</summary>
    public static CancellationTokenSource CreateTimeoutSource(TimeProvider timeProvider, TimeSpan delay)
    {
        if (delay == Timeout.InfiniteTimeSpan)
        {
            return new CancellationTokenSource();
        }

#if NET8_0_OR_GREATER
        return new CancellationTokenSource(delay, timeProvider);
#else
        return timeProvider.CreateCancellationTokenSource(delay);
#endif
    }

    /// <summary>Waits for <paramref name="task"/>; <paramref name="cancellationToken"/> cancels the wait only.</summary>
    public static async Task WaitAsync(Task task, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        await task.WaitAsync(cancellationToken).ConfigureAwait(false);
#else
        if (!cancellationToken.CanBeCanceled || task.IsCompleted)
        {
            await task.ConfigureAwait(false);
            return;
        }

        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
        {
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }

        await task.ConfigureAwait(false);
#endif
    }
}
