package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.sim.latency.LatencyModel;

import java.util.ArrayList;
import java.util.List;

import static dev.cruciblesim.bench.scenario.ScenarioSchema.CLIENT_KEYS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.LINK_KEYS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.MAX_PER_BYTE_NS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.OPERATION_KEYS;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.SERVICE_KEYS;

/**
 * Reads the {@code downstairs} section. Each client's settings are its own section merged key by key over
 * {@code all}: a leaf (a model, or a {@code per_byte_ns}) written under the client wins, else the one under
 * {@code all}, else the default. A model is a leaf: a client's {@code {kind: exponential, ...}} replaces the whole
 * model of {@code all}.
 */
final class DownstairsBinder {
    private final LatencyModelBinder models;

    DownstairsBinder(LatencyModelBinder models) {
        this.models = models;
    }

    /** @return one model per downstairs client, indexed by client id */
    List<DownstairsModel> downstairs(Section downstairs) {
        Section all = clientSection(downstairs, "all");
        List<DownstairsModel> clients = new ArrayList<>(Scenario.DOWNSTAIRS_COUNT);
        for (int clientId = 0; clientId < Scenario.DOWNSTAIRS_COUNT; clientId++) {
            Section client = clientSection(downstairs, Integer.toString(clientId));
            clients.add(new DownstairsModel(
                    models.model(leaf(client, all, "link", "to_downstairs")),
                    models.model(leaf(client, all, "link", "to_upstairs")),
                    serviceTime(client, all, "read"),
                    serviceTime(client, all, "write"),
                    serviceTime(client, all, "flush")));
        }
        return clients;
    }

    /** Checks the shape of one client's (or all's) section, so that a typo is refused even where it would not matter. */
    private static Section clientSection(Section downstairs, String key) {
        Section client = downstairs.section(key, CLIENT_KEYS);
        client.section("link", LINK_KEYS);
        Section service = client.section("service", SERVICE_KEYS);
        for (String operation : SERVICE_KEYS) {
            service.section(operation, OPERATION_KEYS);
        }
        return client;
    }

    private ServiceTime serviceTime(Section client, Section all, String operation) {
        LatencyModel fixed = models.model(leaf(client, all, "service", operation, "fixed"));
        Field perByteField = leaf(client, all, "service", operation, "per_byte_ns");
        double perByteNs = 0;
        if (perByteField != null) {
            String expectation = "must be a number from 0 to " + MAX_PER_BYTE_NS + " (nanoseconds per byte)";
            perByteNs = perByteField.numberValue(expectation);
            if (!(perByteNs >= 0 && perByteNs <= MAX_PER_BYTE_NS)) {
                throw perByteField.error(expectation + ", got " + perByteField.value().shown());
            }
        }
        return new ServiceTime(fixed, perByteNs);
    }

    /** @return the leaf under the client if written there, else under all, else null */
    private static Field leaf(Section client, Section all, String... keys) {
        Field own = client.leaf(keys);
        return own != null ? own : all.leaf(keys);
    }
}
