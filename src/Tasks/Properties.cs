using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("EgressDsl.Tasks.Tests")]
