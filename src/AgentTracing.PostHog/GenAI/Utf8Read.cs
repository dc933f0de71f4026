using System;

namespace AgentTracing.PostHog;

/// <summary>Reads UTF-8 text that lives only for the call (see <see cref="GenAIValues.ReadUtf8"/>).</summary>
/// <typeparam name="TState">What the reader needs besides the text.</typeparam>
/// <typeparam name="TResult">What it makes of the text.</typeparam>
/// <param name="utf8">The text.</param>
/// <param name="state">The state.</param>
/// <returns>What the reader made of the text.</returns>
internal delegate TResult Utf8Read<in TState, out TResult>(ReadOnlySpan<byte> utf8, TState state);
