#if !NET9_0_OR_GREATER
namespace System.Threading;

// This type is the monitor-based fallback, so locking on it as an object is intended.
#pragma warning disable CS9216

/// <summary>
/// Stands in for .NET 9's <c>System.Threading.Lock</c> on older targets: the compiler turns <c>lock</c> on a type of
/// this name into <see cref="EnterScope"/>, which here is an ordinary monitor. On .NET 9 and later the real type's
/// cheaper enter and exit are used.
/// </summary>
internal sealed class Lock
{
    /// <summary>Enters the lock until the returned scope is disposed.</summary>
    public Scope EnterScope()
    {
        Monitor.Enter(this);
        return new Scope(this);
    }

    /// <summary>A held lock, released by <see cref="Dispose"/>.</summary>
    public readonly ref struct Scope
    {
        private readonly Lock _owner;

        internal Scope(Lock owner) => _owner = owner;

        /// <summary>Releases the lock.</summary>
        public void Dispose() => Monitor.Exit(_owner);
    }
}
#pragma warning restore CS9216
#endif
