package dev.cruciblesim.downstairs;

import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeConsumer;

import java.util.ArrayList;
import java.util.List;

/**
 * Records probe firings and replies in one sequence, so tests can assert their relative order.
 * Synchronized because the in-process runtime fires and replies on its own thread.
 */
public final class RecordingTrace implements ProbeConsumer, MessageSink<Message.ToUpstairs> {
    private final List<String> events = new ArrayList<>();
    private final List<Long> timestampsNs = new ArrayList<>();
    private final List<Message.ToUpstairs> replies = new ArrayList<>();

    @Override
    public synchronized void onFire(Probe probe, long timestampNs, long arg0, long arg1, String str0, String str1) {
        events.add(probe.name() + " " + arg0);
        timestampsNs.add(timestampNs);
    }

    @Override
    public synchronized void send(Message.ToUpstairs message) {
        String name = message.getClass().getSimpleName();
        events.add(message instanceof Message.JobReply reply ? "reply " + name + " " + reply.jobId() : "reply " + name);
        timestampsNs.add(-1L);
        replies.add(message);
    }

    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    public synchronized long timestampNsOf(String event) {
        int index = events.indexOf(event);
        if (index < 0) {
            throw new AssertionError("no event '" + event + "' in " + events);
        }
        return timestampsNs.get(index);
    }

    public synchronized List<Message.ToUpstairs> replies() {
        return List.copyOf(replies);
    }

    public synchronized Message.ToUpstairs lastReply() {
        if (replies.isEmpty()) {
            throw new AssertionError("no reply yet");
        }
        return replies.get(replies.size() - 1);
    }

    public synchronized void clear() {
        events.clear();
        timestampsNs.clear();
        replies.clear();
    }
}
