namespace EgressDsl.Package.Tests;

/// <summary>Which build servers a consumer's builds use.</summary>
public enum BuildServers
{
    /// <summary>
    /// The run's <see cref="CompilerServer"/>, and no MSBuild node reuse: csc, with the packed generator, is started and
    /// JIT-compiled once per run instead of once per build, which was most of a consumer build's CPU time.
    /// </summary>
    SharedCompiler,

    /// <summary>
    /// None (<c>--disable-build-servers</c>): every build starts its own MSBuild and csc and nothing outlives it, for the tests
    /// about build processes themselves, whose kill must take the compiler with it and whose concurrent builds must not
    /// meet in one server.
    /// </summary>
    None,
}
