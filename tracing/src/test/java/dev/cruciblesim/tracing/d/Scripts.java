package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.probe.ProbeRegistry;

/** Runs small D programs whose BEGIN clause prints what a test checks. */
final class Scripts {
    static final DScript.Options QUIET = DScript.Options.DEFAULT.withQuiet(true);

    private Scripts() {
    }

    /** Enables {@code source} quietly on an empty registry (so BEGIN runs) and returns it. */
    static DScript begin(String source) {
        DScript script = DScript.compile(source, "x.d", QUIET);
        script.enable(new ProbeRegistry());
        return script;
    }

    /** @return what {@code printf(format, expression)} prints in BEGIN */
    static String printf(String format, String expression) {
        return begin("BEGIN { printf(\"" + format + "\", " + expression + "); }").stdout();
    }

    /** @return {@code expression} printed with %d */
    static String d(String expression) {
        return printf("%d", expression);
    }

    /** @return {@code expression} printed with %s */
    static String s(String expression) {
        return printf("%s", expression);
    }

    /** @return the message of the compile error {@code source} gives as {@code x.d} */
    static DCompileException compileError(String source) {
        try {
            DScript.compile(source, "x.d", QUIET);
        } catch (DCompileException e) {
            return e;
        }
        throw new AssertionError("compiled without error: " + source);
    }
}
