using System;
using System.Text;

namespace AgentTracing.PostHog.Client.Internal;

/// <summary>
/// Masks the API key in everything the client reports: response bodies, header values and exception text.
/// Masking always happens before any cut, so no part of the key survives truncation.
/// </summary>
internal sealed class KeyRedactor
{
    /// <summary>What a key is replaced by.</summary>
    public const string Mask = "***";

    // A trailing fragment shorter than this is too short to identify the key (and may be ordinary text).
    private const int MinTrailingFragment = 4;

    private static readonly byte[] MaskBytes = Encoding.UTF8.GetBytes(Mask);

    private readonly string _key;
    private readonly byte[] _keyBytes;

    public KeyRedactor(string apiKey)
    {
        _key = apiKey;
        _keyBytes = Encoding.UTF8.GetBytes(apiKey);
    }

    /// <summary>How many bytes to read for a snippet of <paramref name="maxBytes"/>: enough to see whole every key that starts inside it.</summary>
    public int ReadLength(int maxBytes) => maxBytes + Math.Max(0, _keyBytes.Length - 1);

    /// <summary>Masks every occurrence of the key in <paramref name="text"/>.</summary>
    public string Redact(string text) =>
        _key.Length == 0 || text.IndexOf(_key, StringComparison.Ordinal) < 0 ? text : text.Replace(_key, Mask);

    /// <summary>
    /// An exception that can be reported: <paramref name="exception"/> itself when its text (with inner exceptions and
    /// stack) does not contain the key, otherwise a <see cref="RedactedException"/> carrying the masked text.
    /// </summary>
    public Exception? Redact(Exception? exception)
    {
        if (exception is null || _key.Length == 0)
        {
            return exception;
        }

        string text;
        try
        {
            text = exception.ToString();
        }
#pragma warning disable CA1031 // An exception whose ToString throws is reported by type only.
        catch (Exception)
#pragma warning restore CA1031
        {
            return new RedactedException(exception.GetType().FullName ?? "Exception", exception.GetType().Name);
        }

        return text.IndexOf(_key, StringComparison.Ordinal) < 0 && !DataContainsKey(exception)
            ? exception
            : new RedactedException(exception.GetType().FullName ?? "Exception", Redact(text));
    }

    /// <summary>
    /// The first <paramref name="maxBytes"/> bytes of a response body as text, with the key masked. The key is found in
    /// all <paramref name="length"/> bytes read (<see cref="ReadLength"/> of them when the body is longer), so one that
    /// starts before the cut is masked whole; the cut never splits a UTF-8 character. A trailing fragment of the key
    /// (a body that ends inside it) is masked too.
    /// </summary>
    public string Snippet(byte[] buffer, int length, int maxBytes)
    {
        var output = new byte[Math.Min(length, maxBytes)];
        var written = 0;
        var i = 0;
        var keyLength = _keyBytes.Length;
        while (i < length && written < maxBytes && i < maxBytes)
        {
            if (keyLength > 0 && buffer[i] == _keyBytes[0])
            {
                var available = Math.Min(keyLength, length - i);
                if (buffer.AsSpan(i, available).SequenceEqual(_keyBytes.AsSpan(0, available))
                    && (available == keyLength || available >= Math.Min(keyLength, MinTrailingFragment)))
                {
                    // A whole key, or the body ends inside one: masked either way (the mask itself may be cut).
                    var fit = Math.Min(MaskBytes.Length, output.Length - written);
                    MaskBytes.AsSpan(0, fit).CopyTo(output.AsSpan(written));
                    written += fit;
                    i += available;
                    continue;
                }
            }

            output[written++] = buffer[i++];
        }

        // A cut inside a multi-byte character drops its leading bytes.
        if (i < length)
        {
            written = CompleteUtf8Length(output, written);
        }

        return Encoding.UTF8.GetString(output, 0, written);
    }

    /// <summary>The length of <paramref name="bytes"/> without an incomplete UTF-8 sequence at its end.</summary>
    private static int CompleteUtf8Length(byte[] bytes, int length)
    {
        var lead = length - 1;
        while (lead >= 0 && length - lead <= 4 && (bytes[lead] & 0xC0) == 0x80)
        {
            lead--;
        }

        if (lead < 0)
        {
            return length;
        }

        var b = bytes[lead];
        var needed = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
        return length - lead >= needed ? length : lead;
    }

    private bool DataContainsKey(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            foreach (var value in e.Data.Values)
            {
                if (value?.ToString() is { } text && text.IndexOf(_key, StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
