using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using EgressDsl.Cli.Commands;

namespace EgressDsl.Cli
{
    /// <summary>The exit codes every command uses.</summary>
    internal static class ExitCodes
    {
        /// <summary>Done, nothing to report.</summary>
        internal const int Ok = 0;

        /// <summary>Done, with findings: drift, a lossy import, a request that is not forwarded.</summary>
        internal const int Findings = 1;

        /// <summary>The command line or an input (assembly, YAML file, output folder) is unusable; nothing was done.</summary>
        internal const int UsageOrInputError = 2;
    }

    /// <summary>An input the command cannot use: reported as one line on stderr, exit code 2.</summary>
    internal sealed class CliInputException : Exception
    {
        internal CliInputException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }

    /// <summary>Where a command writes: results to <see cref="Output"/> (clean for piping), progress and problems to <see cref="Error"/>.</summary>
    internal sealed class CliConsole
    {
        internal CliConsole(TextWriter output, TextWriter error, TextReader input)
        {
            Output = output;
            Error = error;
            Input = input;
        }

        internal TextWriter Output { get; }

        internal TextWriter Error { get; }

        /// <summary>What <c>-</c> reads as a file.</summary>
        internal TextReader Input { get; }

        internal void Progress(string message) => Error.WriteLine("egressdsl: " + message);
    }

    /// <summary>The <c>egressdsl</c> command: its sub-commands, and the mapping of failures to exit codes.</summary>
    internal static class EgressCli
    {
        internal static RootCommand Create(CliConsole console) =>
            new RootCommand("EgressDsl from the terminal: import existing Istio YAML into C# classes, and read what a built assembly declares (its manifests, where a request goes, how it differs from a cluster).\nExit codes: 0 ok, 1 findings (drift, a lossy import, a request that is not forwarded), 2 usage or input error.")
            {
                ImportCommand.Create(console),
                ManifestsCommand.Create(console),
                SimulateCommand.Create(console),
                DiffCommand.Create(console),
            };

        internal static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error) => Run(args, output, error, Console.In);

        internal static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, TextReader input)
        {
            var console = new CliConsole(output, error, input);
            ParseResult parsed = Create(console).Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var problem in parsed.Errors)
                {
                    error.WriteLine("egressdsl: " + problem.Message);
                }

                error.WriteLine("Run 'egressdsl --help' (or 'egressdsl COMMAND --help') for usage.");
                return ExitCodes.UsageOrInputError;
            }

            try
            {
                return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
            }
            catch (CliInputException exception)
            {
                error.WriteLine("egressdsl: " + exception.Message);
                return ExitCodes.UsageOrInputError;
            }
        }
    }
}
