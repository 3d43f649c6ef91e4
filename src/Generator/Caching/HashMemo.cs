using System;

namespace EgressDsl.Generator.Caching
{
    /// <summary>
    /// A record's hash code, computed once for the instance that holds it.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A build looks up every part it keeps by the value of what the part is made from (<see cref="SharedResults{TKey, TValue}"/>),
    /// and those keys hold whole models: a gateway's inputs hold its routes, each with its service and its gateway. Hashing a
    /// key walked every string of every model in it, a model many times a build (a gateway's model once for each of its
    /// routes), although the models an edit did not reach are the very instances of the build before.
    /// </para>
    /// <para>
    /// The memo takes no part in its record's equality: every memo equals every other. It names the instance it was
    /// computed for, because a <c>with</c> expression copies every field, this one too, into a record whose other fields
    /// may differ; the copy finds a memo that names another instance and computes its own.
    /// </para>
    /// </remarks>
    internal sealed class HashMemo : IEquatable<HashMemo>
    {
        /// <summary>The memo of a record whose hash code has not been computed yet.</summary>
        public static readonly HashMemo None = new(null, 0);

        private readonly object? owner;
        private readonly int hash;

        private HashMemo(object? owner, int hash)
        {
            this.owner = owner;
            this.hash = hash;
        }

        /// <summary>
        /// <paramref name="owner"/>'s hash code: the one in <paramref name="memo"/> when it was computed for this instance,
        /// else <paramref name="compute"/>'s, kept in <paramref name="memo"/>. Threads that race compute the same value.
        /// </summary>
        public static int Of<T>(ref HashMemo memo, T owner, Func<T, int> compute)
            where T : class
        {
            var current = memo;
            if (ReferenceEquals(current.owner, owner))
            {
                return current.hash;
            }

            var hash = compute(owner);
            memo = new HashMemo(owner, hash);
            return hash;
        }

        public bool Equals(HashMemo? other) => other is not null;

        public override bool Equals(object? obj) => obj is HashMemo;

        public override int GetHashCode() => 0;
    }
}
