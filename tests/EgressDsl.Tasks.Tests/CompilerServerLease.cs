using System;
using System.Collections.Generic;
using System.IO;
using EgressDsl.Testing.Processes;
using Xunit;

namespace EgressDsl.Tasks.Tests
{
    /// <summary>
    /// A lease on the test process's compiler server (<see cref="CompilerServer"/>) for the end-to-end builds. Without it
    /// every build that compiles starts a cold csc: about 5 CPU-seconds for the consumer's three small files, against under
    /// one on a warm server. MSBuild's own nodes still end with each build: they would hold the tasks assembly.
    /// </summary>
    /// <remarks>
    /// A collection fixture, so a lease spans a whole collection and the server is not restarted between its tests; the
    /// two collections hold one lease each, and the last to end shuts the server down.
    /// </remarks>
    public sealed class CompilerServerLease : IDisposable
    {
        private static readonly object Gate = new object();

        private static int _leases;

        public CompilerServerLease()
        {
            lock (Gate)
            {
                _leases++;
            }
        }

        /// <summary>
        /// The switches of a <c>dotnet build</c> or <c>publish</c> that compiles on the run's server and leaves no node behind.
        /// </summary>
        internal static IReadOnlyList<string> BuildArguments => CompilerServer.Shared.BuildSwitches;

        /// <summary>Ends the server when no collection needs it any more; a server that was never started is no error.</summary>
        public void Dispose()
        {
            lock (Gate)
            {
                if (--_leases == 0)
                {
                    CompilerServer.ShutdownShared(Path.GetTempPath());
                }
            }
        }
    }

    /// <summary>The incremental, clean and rebuild sequences: one of the two end-to-end collections that run side by side.</summary>
    [CollectionDefinition(Name)]
    public sealed class MSBuildBuildCollection : ICollectionFixture<CompilerServerLease>
    {
        internal const string Name = "MSBuild end-to-end: build, clean, rebuild";
    }

    /// <summary>The publish, GitOps and environment sequences: the other end-to-end collection.</summary>
    [CollectionDefinition(Name)]
    public sealed class MSBuildDeliveryCollection : ICollectionFixture<CompilerServerLease>
    {
        internal const string Name = "MSBuild end-to-end: publish, GitOps, environments";
    }
}
