using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

#if EGRESS_GENERATOR
namespace EgressDsl.Generator.Simulation
#else
namespace EgressDsl.Simulation
#endif
{
    /// <summary>
    /// Questions about the sets of strings expressions match, for the analyzer's reasoning about route rules with the
    /// same matching the simulator does (RE2 full match, exact and prefix as literals): is there a string every one of
    /// some expressions matches and none of others does, and which is the shortest. The strings are those a request can
    /// carry in its path or a header value: without control characters.
    /// </summary>
    /// <remarks>
    /// A breadth-first search over the product of the expressions' NFAs, each determinised on the fly (the set of its
    /// states), so "matches none of" is the complement for free. The alphabet is bounded: the code points where some
    /// class of the expressions changes its answer (range ends and their neighbours, category samples, case variants)
    /// plus printable ASCII, keeping one code point per distinct answer of all classes, word-ness and newline-ness, so
    /// every distinction the expressions can make is met by some letter. Assertions are decided on the pair of code
    /// points around each position, as the matcher decides them.
    /// </remarks>
#if EGRESS_GENERATOR
    internal
#else
    public
#endif
    sealed partial class Re2Regex
    {
        /// <summary>The most product states a search visits before it gives up (an answer of null: not decided).</summary>
        public const int MaxSearchStates = 20_000;

        /// <summary>The most instructions, over all expressions, a search takes on; beyond it the answer is null.</summary>
        public const int MaxSearchProgram = 4_000;

        /// <summary>The expression matching exactly <paramref name="value"/>, or (with <paramref name="prefix"/>) every string starting with it.</summary>
        public static Re2Regex Literal(string value, bool prefix)
        {
            var items = new List<Re2Node>();
            for (var i = 0; i < value.Length; i++)
            {
                var codePoint = char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) ? char.ConvertToUtf32(value[i], value[++i]) : value[i];
                items.Add(Re2Node.Class(Re2CharClass.Of(codePoint, false)));
            }

            if (prefix)
            {
                items.Add(Re2Node.Repeat(Re2Node.Class(Re2CharClass.Dot(matchNewline: true)), 0, -1, greedy: true));
            }

            var compiler = new Compiler();
            var match = compiler.Emit(new Instruction(Op.Match));
            var entry = compiler.Compile(Re2Node.Concatenation(items), match);
            return new Re2Regex(value, compiler.Program.ToArray(), entry);
        }

        /// <summary>
        /// The shortest string that every expression of <paramref name="all"/> fully matches and none of
        /// <paramref name="none"/> does: true with it in <paramref name="witness"/>, false when there is none, null when the
        /// search would pass <see cref="MaxSearchStates"/> (nothing may be concluded then).
        /// </summary>
        public static bool? FindString(IReadOnlyList<Re2Regex> all, IReadOnlyList<Re2Regex> none, out string? witness)
        {
            witness = null;
            var programs = all.Concat(none).ToArray();
            if (programs.Sum(p => (long)p.program.Length) > MaxSearchProgram)
            {
                // Subset states of very large expressions (a{1000} repeated) would make one search slow in the compiler.
                return null;
            }

            var alphabet = Alphabet(programs);
            var start = new SearchNode(programs.Select(p => new[] { p.start }).ToArray(), -1, null, 0);
            var visited = new HashSet<string>(StringComparer.Ordinal) { start.Key };
            var queue = new Queue<SearchNode>();
            queue.Enqueue(start);
            var stack = new Stack<int>();
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                var accepted = true;
                for (var i = 0; i < programs.Length && accepted; i++)
                {
                    var matches = programs[i].Closure(node.Pending[i], node.Previous, -1, stack).Contains(MatchIndex);
                    accepted = matches == i < all.Count;
                }

                if (accepted)
                {
                    witness = node.Text();
                    return true;
                }

                foreach (var c in alphabet)
                {
                    var next = new int[programs.Length][];
                    var alive = true;
                    for (var i = 0; i < programs.Length && alive; i++)
                    {
                        var program = programs[i].program;
                        var states = new SortedSet<int>();
                        var closure = programs[i].Closure(node.Pending[i], node.Previous, c, stack);
                        for (var j = 0; j < closure.Count; j++)
                        {
                            var pc = closure[j];
                            if (program[pc].Op == Op.Class && program[pc].Class!.Matches(c))
                            {
                                states.Add(program[pc].Next);
                            }
                        }

                        next[i] = states.ToArray();

                        // An expression that must match and has no state left never will.
                        alive = i >= all.Count || next[i].Length > 0;
                    }

                    if (!alive)
                    {
                        continue;
                    }

                    var child = new SearchNode(next, c, node, node.Length + 1);
                    if (visited.Add(child.Key))
                    {
                        if (visited.Count > MaxSearchStates)
                        {
                            return null;
                        }

                        queue.Enqueue(child);
                    }
                }
            }

            return false;
        }

        /// <summary>The states reached from <paramref name="pending"/> without reading, between code points <paramref name="before"/> and <paramref name="after"/> (-1 at either end of the text).</summary>
        private StateSet Closure(int[] pending, int before, int after, Stack<int> stack)
        {
            var set = new StateSet(program.Length);
            foreach (var state in pending)
            {
                Close(set, state, before, after, stack);
            }

            return set;
        }

        /// <summary>One code point for each distinct answer the expressions' classes (and word-ness, newline-ness) give, readable ones first.</summary>
        private static List<int> Alphabet(Re2Regex[] programs)
        {
            var classes = programs.SelectMany(p => p.program).Where(i => i.Op == Op.Class).Select(i => i.Class!).Distinct().ToList();
            var candidates = new List<int>();
            candidates.AddRange(Enumerable.Range('a', 26));
            candidates.AddRange(Enumerable.Range('0', 10));
            candidates.AddRange(Enumerable.Range('A', 26));
            candidates.AddRange(Enumerable.Range(0x20, 0x5F));
            candidates.AddRange(new[] { 0xA0, 0xE9, 0x3B1, 0x416, 0x4E2D, 0x1F600, 0x10000, 0x10FFFF });
            var edges = new SortedSet<int>();
            foreach (var cls in classes)
            {
                cls.AddBoundaries(edges);
            }

            foreach (var edge in edges.ToList())
            {
                foreach (var variant in Re2CharClass.CaseVariants(edge))
                {
                    edges.Add(variant);
                }
            }

            candidates.AddRange(edges);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var alphabet = new List<int>();
            var signature = new StringBuilder();
            foreach (var c in candidates)
            {
                // The strings searched are a request's path and header values, which HTTP keeps free of control
                // characters (Envoy rejects a request with one): a rule that needs a newline matches no request.
                if (c < 0x20 || c == 0x7F)
                {
                    continue;
                }

                signature.Clear();
                signature.Append(Re2Parser.IsWordChar(c) ? 'w' : '-').Append(c == '\n' ? 'n' : '-');
                foreach (var cls in classes)
                {
                    signature.Append(cls.Matches(c) ? '1' : '0');
                }

                if (seen.Add(signature.ToString()))
                {
                    alphabet.Add(c);
                }
            }

            return alphabet;
        }

        /// <summary>A product state: the pending states of each expression after the text so far, and its last code point.</summary>
        private sealed class SearchNode
        {
            public SearchNode(int[][] pending, int previous, SearchNode? parent, int length)
            {
                Pending = pending;
                Previous = previous;
                Parent = parent;
                Length = length;
                // The assertions ahead look back at one code point only: word-ness, newline, or the start.
                var context = previous == -1 ? "^" : previous == '\n' ? "n" : Re2Parser.IsWordChar(previous) ? "w" : "-";
                Key = context + string.Join("|", pending.Select(p => string.Join(",", p)));
            }

            public int[][] Pending { get; }

            public int Previous { get; }

            public SearchNode? Parent { get; }

            public int Length { get; }

            public string Key { get; }

            public string Text()
            {
                var points = new List<int>();
                for (var node = this; node.Parent is not null; node = node.Parent)
                {
                    points.Add(node.Previous);
                }

                points.Reverse();
                return string.Concat(points.Select(p => p is >= 0xD800 and <= 0xDFFF ? ((char)p).ToString() : char.ConvertFromUtf32(p)));
            }
        }
    }
}
