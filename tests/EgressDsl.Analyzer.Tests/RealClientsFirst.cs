using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("EgressDsl.Analyzer.Tests.RealClientsFirst", "EgressDsl.Analyzer.Tests")]

namespace EgressDsl.Analyzer.Tests;

/// <summary>
/// Starts the real-client collection (<see cref="RealClientTests"/>, <see cref="LanguageServerTests"/>) before the others. Its
/// three tests run one after the other and wait on <c>dotnet</c> and csharp-ls for most of the run, while the in-process
/// tests share the other thread; started in xunit's default place, after a minute of in-process tests, it was what the
/// run waited for at its end. The other collections keep xunit's default order.
/// </summary>
public sealed class RealClientsFirst : ITestCollectionOrderer
{
    private readonly DefaultTestCollectionOrderer _default = new();

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        _default.OrderTestCollections(testCollections).OrderBy(collection => collection.DisplayName != nameof(RealClientTests));
}
