package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeConsumer;

import java.util.ArrayList;
import java.util.List;

/** Records every probe firing in order; the tests are single-threaded, so a plain list will do. */
final class ProbeRecorder implements ProbeConsumer {
    /** One firing: {@code text()} renders the long-argument probes as {@code name(arg0,arg1)}. */
    record Firing(String name, long timestampNs, long arg0, long arg1, String str0, String str1) {
        String text() {
            return name + "(" + arg0 + (name.startsWith("ds-") ? "," + arg1 : "") + ")";
        }
    }

    private final List<Firing> firings = new ArrayList<>();

    @Override
    public void onFire(Probe probe, long timestampNs, long arg0, long arg1, String str0, String str1) {
        firings.add(new Firing(probe.name(), timestampNs, arg0, arg1, str0, str1));
    }

    List<Firing> firings() {
        return List.copyOf(firings);
    }

    /** @return e.g. {@code ["gw-write-start(1)", "ds-write-io-start(1000,0)"]}, in firing order */
    List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (Firing firing : firings) {
            texts.add(firing.text());
        }
        return texts;
    }

    List<Firing> named(String name) {
        List<Firing> matching = new ArrayList<>();
        for (Firing firing : firings) {
            if (firing.name().equals(name)) {
                matching.add(firing);
            }
        }
        return matching;
    }

    int size() {
        return firings.size();
    }

    void clear() {
        firings.clear();
    }
}
