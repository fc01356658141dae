package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.dtrace.DProgram;
import dev.cruciblesim.tracing.probe.ArgType;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What the expression and action compilers share: the error prefix, the symbols, the program the
 * aggregations belong to, and, while a clause compiles, the argument types of the probes it
 * matches (for {@code args[]}).
 */
final class CompileContext {
    /** The program being compiled's: each {@code -s} and {@code -n} of one consumer names itself in its errors. */
    String errorPrefix;
    /** The index of the program being compiled among the consumer's, which its {@code exit()} names. */
    int programIndex = -1;
    final Symbols symbols;
    final DProgram program;
    final LongSupplier wallClockNs;
    /** dtrace's own pid, D's {@code pid} in BEGIN and END. */
    final long dtracePid = ProcessHandle.current().pid();
    /**
     * The current clause's argument types by position, from the probe definitions it matches;
     * null when it matches none we know (then {@code args[N]} is an int64_t, as D types an
     * unknown argument); an entry is null where matched probes disagree.
     */
    List<ArgType> clauseArgTypes;
    /** The fewest arguments any probe the current clause matches has: args[N] beyond it is out of range. */
    int clauseArgCount;

    /** The program's inline definitions by name. */
    final java.util.Map<String, Ast.Inline> inlines = new java.util.HashMap<>();
    /** While an inline with parameters is expanded: its parameters' arguments, innermost expansion last. */
    final java.util.ArrayDeque<java.util.Map<String, Typed>> inlineArguments = new java.util.ArrayDeque<>();

    CompileContext(String errorPrefix, Symbols symbols, DProgram program, LongSupplier wallClockNs) {
        this.errorPrefix = errorPrefix;
        this.symbols = symbols;
        this.program = program;
        this.wallClockNs = wallClockNs;
    }

    /** Starts compiling the next program of the consumer, which shares the symbols, program and inlines. */
    void startProgram(String programErrorPrefix) {
        this.errorPrefix = programErrorPrefix;
        programIndex++;
    }

    DCompileException error(int line, String message) {
        return new DCompileException(errorPrefix + "line " + line + ": " + message, line, null);
    }

    DCompileException error(int line, String message, String detail) {
        return new DCompileException(errorPrefix + "line " + line + ": " + message, line, detail);
    }

    /**
     * D's prototype check of a subroutine or aggregating function: {@code strjoin( ) prototype mismatch: 1 arg
     * passed, 2 expected} ("at least" or "at most" when the count may vary).
     */
    void checkArity(int line, String function, int passed, int min, int max) {
        if (passed < min || passed > max) {
            String expected = min == max ? Integer.toString(min) : passed < min ? "at least " + min : "at most " + max;
            throw prototypeMismatch(line, function, passed, expected);
        }
    }

    /** The same check of an action, which names both counts when it may take either: "1 or 2 expected". */
    void checkActionArity(int line, String function, int passed, int min, int max) {
        if (passed < min || passed > max) {
            throw prototypeMismatch(line, function, passed, min == max ? Integer.toString(min) : min + " or " + max);
        }
    }

    private DCompileException prototypeMismatch(int line, String function, int passed, String expected) {
        return error(line, function + "( ) prototype mismatch: " + passed + " arg" + (passed == 1 ? "" : "s")
                + " passed, " + expected + " expected");
    }
}
