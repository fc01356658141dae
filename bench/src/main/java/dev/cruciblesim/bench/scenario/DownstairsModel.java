package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.sim.latency.LatencyModel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One downstairs as the simulation sees it: its link in each direction and its service time per operation.
 *
 * @param toDownstairs one-way delay of a message from the upstairs to this downstairs; {@code null} for none
 * @param toUpstairs   one-way delay of a reply from this downstairs to the upstairs; {@code null} for none
 * @param read         service time of a read
 * @param write        service time of a write
 * @param flush        service time of a flush (no bytes move, so only its fixed part counts)
 */
public record DownstairsModel(LatencyModel toDownstairs, LatencyModel toUpstairs, ServiceTime read, ServiceTime write,
        ServiceTime flush) {
    /** No link delay and no service time: what the in-process harness measures without models. */
    public static final DownstairsModel NONE = new DownstairsModel(null, null, ServiceTime.NONE, ServiceTime.NONE,
            ServiceTime.NONE);

    public DownstairsModel {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(flush, "flush");
    }

    /** @return {@code link: {to_downstairs, to_upstairs}, service: {read, write, flush}} */
    public Map<String, Object> describe() {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("to_downstairs", Scenario.describe(toDownstairs));
        link.put("to_upstairs", Scenario.describe(toUpstairs));
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("read", read.describe());
        service.put("write", write.describe());
        service.put("flush", flush.describe());
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("link", link);
        description.put("service", service);
        return description;
    }
}
