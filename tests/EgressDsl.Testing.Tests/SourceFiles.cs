using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace EgressDsl.Testing.Tests;

/// <summary>The repository's own C# files, for the tests that hold every file to a house rule.</summary>
internal static class SourceFiles
{
    /// <summary>The folder of EgressDsl.sln, found upwards from the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EgressDsl.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("EgressDsl.sln was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// The .cs files under <paramref name="folders"/>, relative to <paramref name="root"/> with '/', build output left out.
    /// </summary>
    public static IEnumerable<string> CSharp(string root, params string[] folders) =>
        folders
            .SelectMany(folder => Directory.GetFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(path => !path.Split('/').Any(part => part is "bin" or "obj"));
}
