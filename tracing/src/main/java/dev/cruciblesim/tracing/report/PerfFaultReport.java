package dev.cruciblesim.tracing.report;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.AggregationFunction;
import dev.cruciblesim.tracing.dtrace.AssociativeLongArray;
import dev.cruciblesim.tracing.dtrace.KeyType;
import dev.cruciblesim.tracing.probe.FaultProbes;
import dev.cruciblesim.tracing.probe.ProbeRegistry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * perffault.d, the harness's own script (Crucible has no fault probes): guest IO latency, measured
 * as perfgw.d measures it ({@code gw-*-start} to {@code gw-*-done}), split by whether the IO
 * overlapped an injected fault. An IO overlaps a fault if any fault was active at any moment
 * between its start and its done: one was active when it started, or a {@code fault-start} or
 * {@code fault-end} fired while it was in flight. One quantize per operation and side, keyed
 * <em>op</em>{@code " during fault"} or <em>op</em>{@code " clear"}: {@code read during fault},
 * {@code read clear}, {@code write during fault}, {@code write clear}, {@code flush during fault},
 * {@code flush clear}. Only keys that saw an IO print, sorted as dtrace sorts them (by value).
 *
 * <pre>
 * fault-start              active++; events++
 * fault-end                active = active > 0 ? active - 1 : 0; events++
 * gw-*-start               start[arg0] = timestamp; mark[arg0] = active > 0 ? -1 : events
 * gw-*-done  /start[arg0]/ @time[strjoin(op, mark[arg0] != events ? " during fault" : " clear")] =
 *                              quantize(timestamp - start[arg0]);
 *                          start[arg0] = 0; mark[arg0] = 0
 * </pre>
 * where op is the second word of the probe name ({@code read}, {@code write}, {@code flush}), the
 * fault probes are {@code crucible_sim_fault*:::} and the gw probes {@code crucible_upstairs*:::}.
 *
 * <p>Why a counter of fault events rather than timestamps: a fault that starts and ends while an
 * IO is in flight leaves the active count where it was, but not the counter; and comparing
 * counters needs no agreement between the fault controller's clock and the upstairs'. The mark -1
 * ("a fault was active at the start") can never equal the counter, which only grows from 0.
 *
 * <p>As in D, the fault state is global: a fault on any client of any upstairs marks every IO in
 * flight. A fault already active when tracing began is seen only from its {@code fault-end} on
 * (which is why an unmatched end must not drive the count below 0), so IOs that both start and
 * finish before that end count as clear.
 */
final class PerfFaultReport extends ScriptReport {
    private static final String FAULT = FaultProbes.PROVIDER + "*:::";
    /** The mark of an IO that started while a fault was active; never a value of {@link #faultEvents}. */
    private static final long ACTIVE_AT_START = -1;

    /**
     * D's {@code active}: faults started and not yet ended. Atomic because faults and IOs fire on
     * any threads; updated before {@link #faultEvents} and read after it (see {@link #markAtStart}).
     */
    private final AtomicLong activeFaults = new AtomicLong();
    /** D's {@code events}: fault-start and fault-end firings so far. */
    private final AtomicLong faultEvents = new AtomicLong();
    private final AssociativeLongArray startNs = program.associativeArray();
    /** Per guest IO: {@link #ACTIVE_AT_START}, or the fault event count at its start. */
    private final AssociativeLongArray faultMark = program.associativeArray();
    private final Aggregation time = program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING);
    private final ProbeNameWords duringFault = new ProbeNameWords(name -> ProbeNameWords.word(name, 1)
            + " during fault");
    private final ProbeNameWords clear = new ProbeNameWords(name -> ProbeNameWords.word(name, 1) + " clear");

    PerfFaultReport() {
        super("perffault", false);
    }

    @Override
    public int enable(ProbeRegistry registry) {
        return clause(registry, FAULT + "fault-start", (probe, timestampNs, faultId, client, s0, s1) -> {
            activeFaults.incrementAndGet();
            faultEvents.incrementAndGet();
        }) + clause(registry, FAULT + "fault-end", (probe, timestampNs, faultId, client, s0, s1) -> {
            decrementActiveFaults();
            faultEvents.incrementAndGet();
        }) + clause(registry, UPSTAIRS + "gw-*-start", (probe, timestampNs, gwId, unused, s0, s1) -> {
            startNs.put(gwId, timestampNs);
            faultMark.put(gwId, markAtStart());
        }) + clause(registry, UPSTAIRS + "gw-*-done", (probe, timestampNs, gwId, unused, s0, s1) -> {
            long startedNs = startNs.remove(gwId);
            long mark = faultMark.remove(gwId);
            if (startedNs != 0) {
                ProbeNameWords side = mark != faultEvents.get() ? duringFault : clear;
                time.aggregate(side.of(probe.name()), timestampNs - startedNs);
            }
        });
    }

    /**
     * Reads the event count before the active count: a fault-start racing with this IO's start
     * then either shows in the active count, or bumps the event count after we read it, so the
     * done sees a change. Either way the IO counts as during the fault, as it should.
     */
    private long markAtStart() {
        long eventsSeen = faultEvents.get();
        return activeFaults.get() > 0 ? ACTIVE_AT_START : eventsSeen;
    }

    /** {@code active--}, but not below 0: an end whose start came before tracing began. */
    private void decrementActiveFaults() {
        long active;
        do {
            active = activeFaults.get();
            if (active == 0) {
                return;
            }
        } while (!activeFaults.compareAndSet(active, active - 1));
    }
}
