package dev.cruciblesim.tracing.d;

import java.util.HashMap;
import java.util.Map;

/**
 * DTrace's runtime error line, {@code dtrace: error on enabled probe ID N (ID M:
 * prov:mod:func:name): reason in action #K}, and the two ids in it. Enabled probe ids (EPIDs)
 * number each clause's enabling on each probe from 1, in enabling order; a probe created after
 * {@code enable} gets the next one at its first error. Probe ids: dtrace:::BEGIN, END and ERROR
 * are 1 to 3, the component probes follow in creation order, then the script's timers. DTrace
 * also names the DIF offset; there is no DIF here, so the line ends at the action.
 */
final class ErrorLines {
    /** Per clause index: the EPID of each enabled probe, keyed by the Probe or a builtin probe's name. */
    private final Map<Integer, Map<Object, Integer>> enabledProbeIds = new HashMap<>();
    private int nextEnabledProbeId = 1;

    synchronized void enabled(int clause, Object probeOrName) {
        enabledProbeIds.computeIfAbsent(clause, unused -> new HashMap<>())
                .computeIfAbsent(probeOrName, unused -> nextEnabledProbeId++);
    }

    /** @return the EPID of {@code clause} on the probe {@code frame} is firing, given out at its first error if new */
    synchronized int enabledProbeId(int clause, Frame frame) {
        Object key = frame.probe != null ? frame.probe : frame.dtraceProbeName;
        return enabledProbeIds.computeIfAbsent(clause, unused -> new HashMap<>())
                .computeIfAbsent(key, unused -> nextEnabledProbeId++);
    }

    /**
     * @param enabledProbeId the faulting clause's EPID on the firing probe ({@link #enabledProbeId})
     * @param probeId        the firing probe's id, as {@code dtrace -l} shows it ({@link DScript#builtinProbeId})
     */
    static String line(int enabledProbeId, Frame frame, String reason, long probeId) {
        String where = frame.action == 0 ? "predicate" : "action #" + frame.action;
        String name = frame.probe != null ? frame.probe.fullName()
                : Builtins.dtraceProvider(frame.dtraceProbeName) + ":::" + frame.dtraceProbeName;
        return "dtrace: error on enabled probe ID " + enabledProbeId + " (ID " + probeId + ": " + name + "): "
                + reason + " in " + where;
    }
}
