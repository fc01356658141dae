package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.probe.ProbeRegistry;

/**
 * D's built-in variables as this harness defines them: {@code probeprov} is the provider with
 * the component's instance id ({@code crucible_upstairs1}, as DTrace shows a USDT provider with
 * its pid), {@code pid} is that instance id, {@code tid} a per-thread number, and in dtrace's
 * own probes (BEGIN, END, timers) they describe dtrace itself.
 */
final class Builtins {
    private Builtins() {
    }

    /** @return whether {@code name} is a built-in variable, which no assignment may target */
    static boolean isBuiltin(String name) {
        return name.equals("args") || variable(name, null) != null;
    }

    /** @return the builtin variable, or null if {@code name} is none */
    static Typed variable(String name, CompileContext context) {
        switch (name) {
            case "timestamp", "vtimestamp":
                return Typed.ofInts(DType.UINT64, frame -> frame.timestampNs);
            case "walltimestamp": {
                java.util.function.LongSupplier wallClock = context == null ? null : context.wallClockNs;
                return Typed.ofInts(DType.UINT64, frame -> wallClock.getAsLong());
            }
            case "probename":
                return Typed.ofStrings(frame -> frame.probe != null ? frame.probe.name() : frame.dtraceProbeName);
            case "probeprov":
                return Typed.ofStrings(frame -> frame.probe != null ? frame.probe.providerInstanceName()
                        : dtraceProvider(frame.dtraceProbeName));
            case "probemod":
                return Typed.ofStrings(frame -> frame.probe != null ? ProbeRegistry.MODULE : "");
            case "probefunc":
                return Typed.ofStrings(frame -> frame.probe != null ? frame.probe.function() : "");
            case "pid": {
                long dtracePid = context == null ? 0 : context.dtracePid;
                return Typed.ofInts(DType.INT32, frame -> frame.probe != null ? (int) frame.probe.instanceId()
                        : (int) dtracePid);
            }
            case "tid":
                return Typed.ofInts(DType.INT32, frame -> (int) frame.threadId);
            case "execname":
                return Typed.ofStrings(frame -> frame.probe != null ? DScript.EXECNAME : "dtrace");
            case "cpu":
                // One simulated CPU: the harness does not model processors.
                return Typed.constant(DType.INT32, 0);
            case "NULL":
                return new Typed(DType.STRING, null, frame -> null, null);
            default:
                if (name.matches("arg[0-9]")) {
                    int n = name.charAt(3) - '0';
                    if (context != null && n < 2 && integerArgument(context, n)) {
                        // Every probe the clause matches passes an integer here: read the slot itself.
                        return Typed.ofInts(DType.INT64, n == 0 ? frame -> frame.arg0 : frame -> frame.arg1);
                    }
                    return Typed.ofInts(DType.INT64, frame -> frame.intArg(n));
                }
                return null;
        }
    }

    /** @return whether argument {@code n} is an integer in every probe definition the current clause matches */
    private static boolean integerArgument(CompileContext context, int n) {
        java.util.List<dev.cruciblesim.tracing.probe.ArgType> types = context.clauseArgTypes;
        return types != null && n < context.clauseArgCount
                && types.get(n) == dev.cruciblesim.tracing.probe.ArgType.UINT64;
    }

    static String dtraceProvider(String probeName) {
        return probeName.startsWith("tick-") || probeName.startsWith("profile-") ? "profile" : "dtrace";
    }
}
