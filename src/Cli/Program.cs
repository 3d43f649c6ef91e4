using System;

namespace EgressDsl.Cli
{
    internal static class Program
    {
        private static int Main(string[] args) => EgressCli.Run(args, Console.Out, Console.Error);
    }
}
