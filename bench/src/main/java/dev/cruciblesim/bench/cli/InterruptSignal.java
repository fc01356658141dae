package dev.cruciblesim.bench.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SIGINT as dtrace treats it: the first one ends the run gracefully (the caller drains and prints
 * its reports), the second ends the process at once. Installed for one run and removed after it.
 *
 * <p>The JDK's only hook for a signal before shutdown starts is {@code sun.misc.Signal}, exported by
 * {@code jdk.unsupported}. It is reached by reflection because the build treats the compiler's
 * "internal proprietary API" warning as an error, and a shutdown hook cannot serve: once the JVM
 * shuts down, a second ^C cannot cut the drain short. Where the process started with SIGINT ignored
 * (under {@code nohup}, or as a background job of a non-interactive shell) it stays ignored, as
 * the parent asked; the JVM refuses the handler then in any case.
 */
final class InterruptSignal implements AutoCloseable {
    /** What a shell reports for a process ended by SIGINT: 128 + 2. */
    static final int EXIT_INTERRUPTED = 130;

    /** Installs nothing: for runs inside another program (the tests), whose SIGINT is not ours to take. */
    static final Installer NONE = (onFirst, onSecond) -> new InterruptSignal(null, null);

    /** The real SIGINT handler. */
    static final Installer SIGINT = (onFirst, onSecond) -> install("INT", onFirst, onSecond);

    /**
     * SIGTERM taken the same way, for a server that a kill should end gracefully: a shutdown hook could close it
     * too, but the process would then exit 143 whatever it did, and a second kill could not cut the close short.
     */
    static final Installer SIGTERM = (onFirst, onSecond) -> install("TERM", onFirst, onSecond);

    /** Installs a handler for the duration of a run. */
    @FunctionalInterface
    interface Installer {
        /**
         * @param onFirst  runs on the signal's thread at the first SIGINT; should not block
         * @param onSecond runs on the signal's thread at the second; expected not to return
         */
        InterruptSignal install(Runnable onFirst, Runnable onSecond);
    }

    private final Object signal;
    private final Object previousHandler;

    private InterruptSignal(Object signal, Object previousHandler) {
        this.signal = signal;
        this.previousHandler = previousHandler;
    }

    /** @param signalName the signal's name without {@code SIG}, as {@code sun.misc.Signal} takes it */
    private static InterruptSignal install(String signalName, Runnable onFirst, Runnable onSecond) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(signalName);
            AtomicInteger received = new AtomicInteger();
            InvocationHandler onSignal = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    // Each signal is handled on a thread of its own; the count decides which one was first.
                    (received.incrementAndGet() == 1 ? onFirst : onSecond).run();
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "crucible-sim SIG" + signalName + " handler";
            };
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    onSignal);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object previous = handle.invoke(null, signal, handler);
            if (previous == handlerClass.getField("SIG_IGN").get(null)) {
                // Ignored when we started: the JVM has installed nothing, and restoring would change nothing.
                return new InterruptSignal(null, null);
            }
            return new InterruptSignal(signal, previous);
        } catch (InvocationTargetException e) {
            // The JVM owns SIGINT here (e.g. -Xrs): run without the graceful ^C rather than not at all.
            return new InterruptSignal(null, null);
        } catch (ReflectiveOperationException | LinkageError e) {
            // A JDK without sun.misc.Signal: ^C ends the run the JVM's way, without reports.
            return new InterruptSignal(null, null);
        }
    }

    /** @return whether this run takes SIGINT: false inside other programs, and where it was ignored at start */
    boolean active() {
        return signal != null;
    }

    /** Puts back the handler the run found. */
    @Override
    public void close() {
        if (signal == null) {
            return;
        }
        try {
            Class<?> signalClass = signal.getClass();
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, previousHandler);
        } catch (ReflectiveOperationException e) {
            // Installing worked a moment ago; if restoring fails, the process is about to exit anyway.
        }
    }
}
