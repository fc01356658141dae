package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.transport.MessageSink;

import java.util.ArrayList;
import java.util.List;

/**
 * One downstairs as the upstairs core's tests see it: it answers nothing by itself and only
 * records what it was sent, so each test decides which reply arrives when.
 */
final class FakeDownstairs implements MessageSink<Message.ToDownstairs> {
    private final List<Message.ToDownstairs> sent = new ArrayList<>();

    @Override
    public void send(Message.ToDownstairs message) {
        sent.add(message);
    }

    /** @return every message sent to this downstairs, oldest first */
    List<Message.ToDownstairs> sent() {
        return List.copyOf(sent);
    }

    /** @return the read, write and flush requests sent, oldest first */
    List<Message.JobMessage> ioRequests() {
        List<Message.JobMessage> io = new ArrayList<>();
        for (Message.ToDownstairs message : sent) {
            if (message instanceof Message.JobMessage job) {
                io.add(job);
            }
        }
        return io;
    }

    /** @return the job ids of {@link #ioRequests()}, in sending order */
    List<Long> jobIdsSent() {
        List<Long> ids = new ArrayList<>();
        for (Message.JobMessage job : ioRequests()) {
            ids.add(job.jobId());
        }
        return ids;
    }

    /** @return the request for {@code jobId}, failing the test if it was not sent here */
    <T extends Message.JobMessage> T request(long jobId, Class<T> type) {
        for (Message.JobMessage job : ioRequests()) {
            if (job.jobId() == jobId) {
                return type.cast(job);
            }
        }
        throw new AssertionError("job " + jobId + " was not sent to this downstairs; it got " + jobIdsSent());
    }

    void clear() {
        sent.clear();
    }
}
