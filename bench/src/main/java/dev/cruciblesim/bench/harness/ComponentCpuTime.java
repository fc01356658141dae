package dev.cruciblesim.bench.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a real-time run's CPU went, by component, as Crucible's engineers read {@code ptime -m} per process: the CPU
 * time of each live thread of this JVM ({@link ThreadMXBean}), grouped by what the thread's name says it runs. Taken
 * once, at the end of the run and before its parts stop, so a thread that ended earlier (a reconnect attempt, a
 * restart) is not in it; those are short.
 *
 * <p>The harness samples at activation and at the end of the drain and reports the difference ({@link #since}).
 *
 * <p>Components, in this order: the upstairs core and its timers, each downstairs (its own thread in process; its
 * server's readers, which run its core over TCP, with accept and watchdog threads), the upstairs' side of each TCP
 * link (its receiver), the link delay line, the workload (the thread that ran the run), the metric sampler, the
 * fault injector and the D scripts' tick and profile timer thread. Threads of no component (the JVM's own, JIT, GC)
 * are left out.
 */
public final class ComponentCpuTime {
    private static final Pattern UPSTAIRS = Pattern.compile("upstairs-\\d+-(core|timers)");
    private static final Pattern DOWNSTAIRS = Pattern.compile("downstairs-(\\d+)(-.*)?");
    private static final Pattern LINK = Pattern.compile("downstairs client (\\d+)-receiver");

    private ComponentCpuTime() {
    }

    /**
     * @param workloadThreadId the thread that ran the workload, whose CPU counts as "workload"
     * @return CPU nanoseconds by component, in the order above; empty where the JVM does not measure thread CPU
     */
    public static Map<String, Long> sample(long workloadThreadId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byComponent = new LinkedHashMap<>();
        if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return byComponent;
        }
        Map<String, Long> downstairs = new TreeMap<>();
        Map<String, Long> links = new TreeMap<>();
        long upstairsNs = 0;
        long delayLineNs = 0;
        long workloadNs = 0;
        long samplerNs = 0;
        long injectorNs = 0;
        long scriptTimersNs = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue; // ended between the two calls
            }
            long cpuNs = threads.getThreadCpuTime(info.getThreadId());
            if (cpuNs < 0) {
                continue;
            }
            String name = info.getThreadName();
            Matcher matcher;
            if (info.getThreadId() == workloadThreadId) {
                workloadNs += cpuNs;
            } else if (UPSTAIRS.matcher(name).matches()) {
                upstairsNs += cpuNs;
            } else if ((matcher = DOWNSTAIRS.matcher(name)).matches()) {
                downstairs.merge(String.format(Locale.ROOT, "downstairs %s", matcher.group(1)), cpuNs, Long::sum);
            } else if ((matcher = LINK.matcher(name)).matches()) {
                links.merge("link receiver " + matcher.group(1), cpuNs, Long::sum);
            } else if (name.equals("link-delays")) {
                delayLineNs += cpuNs;
            } else if (name.equals("metric-sampler")) {
                samplerNs += cpuNs;
            } else if (name.equals("fault-injector")) {
                injectorNs += cpuNs;
            } else if (name.equals("d-script-timers")) {
                scriptTimersNs += cpuNs;
            }
        }
        byComponent.put("upstairs", upstairsNs);
        byComponent.putAll(downstairs);
        byComponent.putAll(links);
        if (delayLineNs > 0) {
            byComponent.put("delay line", delayLineNs);
        }
        byComponent.put("workload", workloadNs);
        byComponent.put("metric sampler", samplerNs);
        if (injectorNs > 0) {
            byComponent.put("fault injector", injectorNs);
        }
        if (scriptTimersNs > 0) {
            // The tick-N and profile-N clauses of the user's D scripts (ScriptTimers), only in runs that have them.
            byComponent.put("D script timers", scriptTimersNs);
        }
        return byComponent;
    }

    /**
     * @return {@code end} less {@code start}, component by component (a component absent at the start started at 0):
     *         what each used between the two samples, so that the workload thread's start-up (the JVM's, the
     *         scenario's) is not counted as the run's
     */
    public static Map<String, Long> since(Map<String, Long> start, Map<String, Long> end) {
        Map<String, Long> used = new LinkedHashMap<>();
        for (Map.Entry<String, Long> component : end.entrySet()) {
            used.put(component.getKey(), Math.max(0, component.getValue() - start.getOrDefault(component.getKey(),
                    0L)));
        }
        return used;
    }

    /** @return e.g. "CPU time: upstairs 1.20 s, downstairs 10 0.41 s, ..." for the summary */
    public static String describe(Map<String, Long> cpuNsByComponent, long wallNs) {
        StringBuilder text = new StringBuilder("CPU time");
        String separator = ": ";
        long totalNs = 0;
        for (Map.Entry<String, Long> component : cpuNsByComponent.entrySet()) {
            text.append(separator).append(component.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%.3f s", component.getValue() / 1e9));
            separator = ", ";
            totalNs += component.getValue();
        }
        return text.append(String.format(Locale.ROOT, "; %.3f s in all over %.3f s of wall time", totalNs / 1e9,
                wallNs / 1e9)).toString();
    }
}
