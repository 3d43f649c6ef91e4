using System;
using System.Collections.Generic;
using System.Globalization;

#if EGRESS_GENERATOR
namespace EgressDsl.Generator.Simulation
#else
namespace EgressDsl.Simulation
#endif
{
    /// <summary>
    /// A regular expression with RE2's syntax and meaning, the engine behind Envoy's <c>safe_regex</c> (and, in Go, Istio's
    /// validation): a Thompson NFA run over the input's code points, every state at once, so matching takes time linear in
    /// the input whatever the expression (<c>(a+)+$</c> included) and never backtracks or times out.
    /// </summary>
    /// <remarks>
    /// RE2's meaning where .NET's differs: <c>$</c> is only the end of the text (without the m flag), <c>\d \s \w \b</c> are
    /// ASCII, <c>\s</c> leaves out <c>\v</c>, <c>.</c> takes anything but <c>\n</c>, <c>(?U)</c> swaps greedy and lazy, and
    /// <c>\p{Greek}</c> names a script. The code points of general categories are .NET's; those of scripts, RE2's tables.
    /// </remarks>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed partial class Re2Regex
    {
        /// <summary>The most steps (states times positions) one match may take; beyond it the answer is left undecided.</summary>
        public const long MaxSteps = 10_000_000;

        private readonly Instruction[] program;
        private readonly int start;

        private Re2Regex(string pattern, Instruction[] program, int start)
        {
            Pattern = pattern;
            this.program = program;
            this.start = start;
        }

        /// <summary>The expression as written.</summary>
        public string Pattern { get; }

        /// <summary>Parses <paramref name="pattern"/>; throws <see cref="FormatException"/> with RE2's reason when RE2 rejects it.</summary>
        public static Re2Regex Parse(string pattern)
        {
            if (pattern is null)
            {
                throw new ArgumentNullException(nameof(pattern));
            }

            var node = Re2Parser.Parse(pattern);
            var compiler = new Compiler();
            var match = compiler.Emit(new Instruction(Op.Match));
            var entry = compiler.Compile(node, match);
            return new Re2Regex(pattern, compiler.Program.ToArray(), entry);
        }

        /// <summary>
        /// Null when RE2 accepts <paramref name="pattern"/>, otherwise why it does not. With <paramref name="goSyntax"/>, Go's
        /// regexp must accept it too, as Istio's validation webhook requires (it has no <c>\C</c>).
        /// </summary>
        public static string? Check(string pattern, bool goSyntax = false)
        {
            try
            {
                Re2Parser.Parse(pattern, goSyntax);
                return null;
            }
            catch (FormatException exception)
            {
                return exception.Message;
            }
        }

        /// <summary>Whether the expression matches all of <paramref name="input"/> (RE2's FullMatch, what <c>safe_regex</c> does).</summary>
        /// <exception cref="InvalidOperationException">Answering would take more than <see cref="MaxSteps"/> steps (see <see cref="TryFullMatch"/>).</exception>
        public bool IsFullMatch(string input) => Run(input, anchored: true) ?? throw TooLarge(input);

        /// <summary>Whether the expression matches somewhere in <paramref name="input"/> (RE2's PartialMatch, Go's MatchString).</summary>
        /// <exception cref="InvalidOperationException">Answering would take more than <see cref="MaxSteps"/> steps.</exception>
        public bool IsMatch(string input) => Run(input, anchored: false) ?? throw TooLarge(input);

        /// <summary>
        /// <see cref="IsFullMatch"/>, or null when answering would take more than <see cref="MaxSteps"/> steps (a very long
        /// input for a very large expression): the simulator then says it could not decide.
        /// </summary>
        public bool? TryFullMatch(string input) => Run(input, anchored: true);

        private InvalidOperationException TooLarge(string input) =>
            new("matching a " + program.Length.ToString(CultureInfo.InvariantCulture) + "-state expression against " + input.Length.ToString(CultureInfo.InvariantCulture)
                + " characters takes more than " + MaxSteps.ToString(CultureInfo.InvariantCulture) + " steps");

        /// <summary>Why <see cref="TryFullMatch"/> gave no answer for an input of this length.</summary>
        public string UndecidedReason(string input) => TooLarge(input).Message;

        private bool? Run(string input, bool anchored)
        {
            if (input is null)
            {
                throw new ArgumentNullException(nameof(input));
            }

            var text = CodePoints(input);
            if ((long)program.Length * (text.Length + 1) > MaxSteps)
            {
                return null;
            }

            var current = new StateSet(program.Length);
            var next = new StateSet(program.Length);
            var stack = new Stack<int>();
            for (var position = 0; ; position++)
            {
                if (!anchored || position == 0)
                {
                    Add(current, start, text, position, stack);
                }

                if (!anchored && current.Contains(MatchIndex))
                {
                    return true;
                }

                if (position == text.Length)
                {
                    return current.Contains(MatchIndex);
                }

                if (current.Count == 0 && anchored)
                {
                    return false;
                }

                next.Clear();
                var c = text[position];
                for (var i = 0; i < current.Count; i++)
                {
                    var instruction = program[current[i]];
                    if (instruction.Op == Op.Class && instruction.Class!.Matches(c))
                    {
                        Add(next, instruction.Next, text, position + 1, stack);
                    }
                }

                (current, next) = (next, current);
            }
        }

        // The match instruction is emitted first.
        private const int MatchIndex = 0;

        /// <summary>Adds a state and every state it reaches without reading a code point, checking assertions at <paramref name="position"/>.</summary>
        private void Add(StateSet set, int state, int[] text, int position, Stack<int> stack) =>
            Close(set, state, position > 0 ? text[position - 1] : -1, position < text.Length ? text[position] : -1, stack);

        /// <summary>
        /// Adds a state and every state it reaches without reading a code point, between the code points
        /// <paramref name="before"/> and <paramref name="after"/> (-1 at either end of the text): the matcher and the
        /// search of <see cref="FindString"/> share it, so they agree on what an assertion means.
        /// </summary>
        private void Close(StateSet set, int state, int before, int after, Stack<int> stack)
        {
            stack.Push(state);
            while (stack.Count > 0)
            {
                var pc = stack.Pop();
                if (!set.Add(pc))
                {
                    continue;
                }

                var instruction = program[pc];
                switch (instruction.Op)
                {
                    case Op.Split:
                        stack.Push(instruction.Alternative);
                        stack.Push(instruction.Next);
                        break;
                    case Op.Jump:
                        stack.Push(instruction.Next);
                        break;
                    case Op.Assert:
                        if (Holds(instruction.Assertion, before, after))
                        {
                            stack.Push(instruction.Next);
                        }

                        break;
                }
            }
        }

        /// <summary>An assertion between two code points; -1 before the first or after the last (only the start has no code point before it).</summary>
        private static bool Holds(Re2Assertion assertion, int before, int after) => assertion switch
        {
            Re2Assertion.BeginText => before == -1,
            Re2Assertion.EndText => after == -1,
            Re2Assertion.BeginLine => before == -1 || before == '\n',
            Re2Assertion.EndLine => after == -1 || after == '\n',
            Re2Assertion.WordBoundary => Re2Parser.IsWordChar(before) != Re2Parser.IsWordChar(after),
            _ => Re2Parser.IsWordChar(before) == Re2Parser.IsWordChar(after),
        };

        /// <summary>The input's code points; a lone surrogate stands for itself.</summary>
        private static int[] CodePoints(string input)
        {
            var points = new List<int>(input.Length);
            for (var i = 0; i < input.Length; i++)
            {
                if (char.IsHighSurrogate(input[i]) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
                {
                    points.Add(char.ConvertToUtf32(input[i], input[i + 1]));
                    i++;
                }
                else
                {
                    points.Add(input[i]);
                }
            }

            return points.ToArray();
        }

        private enum Op
        {
            Match,
            Class,
            Assert,
            Split,
            Jump,
        }

        private sealed class Instruction
        {
            public Instruction(Op op) => Op = op;

            public Op Op { get; }

            public int Next { get; set; }

            public int Alternative { get; set; }

            public Re2CharClass? Class { get; set; }

            public Re2Assertion Assertion { get; set; }
        }

        /// <summary>Turns a tree into instructions, each node compiled before what follows it ("continuation" order).</summary>
        private sealed class Compiler
        {
            public List<Instruction> Program { get; } = new();

            public int Emit(Instruction instruction)
            {
                Program.Add(instruction);
                return Program.Count - 1;
            }

            /// <summary>The entry of <paramref name="node"/>'s instructions, which go on to <paramref name="next"/>.</summary>
            public int Compile(Re2Node node, int next)
            {
                switch (node.Kind)
                {
                    case Re2NodeKind.Class:
                        return Emit(new Instruction(Op.Class) { Class = node.CharClass, Next = next });
                    case Re2NodeKind.Assertion:
                        return Emit(new Instruction(Op.Assert) { Assertion = node.Assertion, Next = next });
                    case Re2NodeKind.Group:
                        return Compile(node.Children[0], next);
                    case Re2NodeKind.Concatenation:
                        for (var i = node.Children.Count - 1; i >= 0; i--)
                        {
                            next = Compile(node.Children[i], next);
                        }

                        return next;
                    case Re2NodeKind.Alternation:
                    {
                        var entry = Compile(node.Children[node.Children.Count - 1], next);
                        for (var i = node.Children.Count - 2; i >= 0; i--)
                        {
                            entry = Emit(new Instruction(Op.Split) { Next = Compile(node.Children[i], next), Alternative = entry });
                        }

                        return entry;
                    }

                    default:
                        return Repeat(node.Children[0], node.Min, node.Max, next);
                }
            }

            // Which of several ways matches is RE2's concern for submatches; whether one does is all the simulator asks, so
            // greedy and lazy compile alike.
            private int Repeat(Re2Node item, int min, int max, int next)
            {
                int tail;
                if (max < 0)
                {
                    // item*: a split that loops back through the item.
                    var loop = Emit(new Instruction(Op.Split) { Alternative = next });
                    Program[loop].Next = Compile(item, loop);
                    tail = loop;
                }
                else
                {
                    // The optional copies, nested: (item(item)?)?
                    tail = next;
                    for (var i = min; i < max; i++)
                    {
                        tail = Emit(new Instruction(Op.Split) { Next = Compile(item, tail), Alternative = next });
                    }
                }

                for (var i = 0; i < min; i++)
                {
                    tail = Compile(item, tail);
                }

                return tail;
            }
        }

        /// <summary>A set of states in insertion order, cleared in constant time.</summary>
        private sealed class StateSet
        {
            private readonly int[] dense;
            private readonly int[] sparse;

            public StateSet(int capacity)
            {
                dense = new int[capacity];
                sparse = new int[capacity];
            }

            public int Count { get; private set; }

            public int this[int index] => dense[index];

            public bool Contains(int state) => sparse[state] < Count && dense[sparse[state]] == state;

            public bool Add(int state)
            {
                if (Contains(state))
                {
                    return false;
                }

                sparse[state] = Count;
                dense[Count++] = state;
                return true;
            }

            public void Clear() => Count = 0;
        }
    }
}
