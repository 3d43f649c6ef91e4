namespace EgressDsl.TestHarness;

/// <summary>Finds ../shared (the seed and the CRDs), which sits next to the repository and is read in place.</summary>
internal static class SharedPaths
{
    public static string Root { get; } = Find();

    public static string ExpectedSeedYaml => Path.Combine(Root, "seed", "expected-istio.yaml");

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "seed", "expected-istio.yaml");
            if (File.Exists(candidate))
            {
                return Path.Combine(directory.FullName, "shared");
            }
        }

        throw new DirectoryNotFoundException("shared/seed/expected-istio.yaml was not found above " + AppContext.BaseDirectory);
    }
}
