package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.downstairs.InboxWaitStrategy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the real-time runtime's threads hand work to each other: a research knob, since the hand-off policy is itself
 * a latency variable. Virtual time has one thread and no hand-offs; it records the setting and ignores it.
 *
 * @param waitStrategy how the upstairs core's inbox and each in-process downstairs' inbox wait for a message
 */
public record RuntimeSettings(InboxWaitStrategy waitStrategy) {
    public static final RuntimeSettings DEFAULT = new RuntimeSettings(InboxWaitStrategy.BLOCKING);

    public RuntimeSettings {
        Objects.requireNonNull(waitStrategy, "waitStrategy");
    }

    Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("wait_strategy", waitStrategy.optionName());
        return Collections.unmodifiableMap(description);
    }
}
