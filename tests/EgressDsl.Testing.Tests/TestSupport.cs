using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace EgressDsl.Testing.Tests;

/// <summary>Shared inputs and assertions. The CRD file is loaded once per process by LoadDefault.</summary>
internal static class TestSupport
{
    public static CrdSchemaValidator Validator => CrdSchemaValidator.LoadDefault();

    public static string SeedYaml { get; } = File.ReadAllText(SharedFiles.Find("seed/expected-istio.yaml"));

    public static readonly string[] IstioVersions = { "v1", "v1beta1", "v1alpha3" };

    /// <summary>
    /// Replaces text that must be there: a test edit that silently matched nothing would let a test pass
    /// without testing anything.
    /// </summary>
    public static string Swap(this string text, string oldValue, string newValue)
    {
        Assert.True(text.Contains(oldValue, StringComparison.Ordinal), $"test edit found nothing to replace: '{oldValue}'");
        return text.Replace(oldValue, newValue, StringComparison.Ordinal);
    }

    /// <summary>Replaces the networking.istio.io version of a document.</summary>
    public static string WithVersion(string yaml, string version)
        => Regex.Replace(yaml, @"apiVersion: networking\.istio\.io/v[0-9a-z]+", $"apiVersion: networking.istio.io/{version}");

    /// <summary>Maps a concrete error path to the rule's schema path: indexes and map keys become [*].</summary>
    public static string Normalize(string path) => Regex.Replace(path, @"\[[^\]]*\]", "[*]");

    /// <summary>Asserts the document is valid, showing the errors otherwise.</summary>
    public static void AssertValid(IReadOnlyList<string> errors)
        => Assert.True(errors.Count == 0, "expected no errors but got:\n" + string.Join("\n", errors));

    /// <summary>Asserts exactly one error, at <paramref name="path"/>, of <paramref name="kind"/>, whose message contains <paramref name="fragment"/>.</summary>
    public static ValidationError AssertSingle(IReadOnlyList<ValidationError> errors, string path, ValidationErrorKind kind, string fragment)
    {
        Assert.True(errors.Count == 1, $"expected exactly one error ({path}: {fragment}) but got {errors.Count}:\n" + string.Join("\n", errors));
        var error = errors[0];
        Assert.Equal(path, error.Path);
        Assert.Equal(kind, error.Kind);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0, "errors carry a line number");
        return error;
    }

    /// <summary>Asserts some error is at <paramref name="path"/>, of <paramref name="kind"/>, containing <paramref name="fragment"/>.</summary>
    public static void AssertHas(IReadOnlyList<ValidationError> errors, string path, ValidationErrorKind kind, string fragment)
        => Assert.True(
            errors.Any(e => e.Path == path && e.Kind == kind && e.Message.Contains(fragment, StringComparison.Ordinal)),
            $"expected an error {kind} at {path} containing '{fragment}' but got:\n" + string.Join("\n", errors));
}
