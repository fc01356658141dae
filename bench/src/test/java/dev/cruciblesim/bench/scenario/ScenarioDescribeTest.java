package dev.cruciblesim.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cruciblesim.bench.scenario.ScenarioFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** describe() is "the fully resolved scenario" of report.json: complete, in a fixed order, the same every time. */
class ScenarioDescribeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Scenario full() {
        return ScenarioLoader.load(resource("full.yaml"), List.of());
    }

    @Test
    void shouldPrintTheSameTextEveryTime() throws Exception {
        String first = JSON.writeValueAsString(full().describe());
        String second = JSON.writeValueAsString(full().describe());
        Scenario once = full();
        assertEquals(first, second, "two loads of the same file");
        assertEquals(JSON.writeValueAsString(once.describe()), JSON.writeValueAsString(once.describe()), "one scenario");
    }

    @Test
    void shouldKeepAFixedKeyOrder() {
        Map<String, Object> description = full().describe();
        assertEquals(List.of("name", "seed", "clock", "transport", "runtime", "volume", "upstairs", "downstairs",
                "workload",
                "faults", "reports", "output", "drain_timeout_ns"), new ArrayList<>(description.keySet()));
        assertEquals(List.of("block_size_bytes", "extent_size_blocks", "extent_count", "total_blocks", "total_bytes",
                "payload"), keys(description.get("volume")));
        assertEquals(List.of("policy", "max_in_flight", "flush_timeout_ns", "status_interval_ns", "processing"),
                keys(description.get("upstairs")));
        assertEquals(List.of("jobs"), keys(description.get("workload")));
        Object job = ((List<?>) ((Map<?, ?>) description.get("workload")).get("jobs")).get(0);
        assertEquals(List.of("name", "rw", "rwmixread", "bs", "random_distribution", "offset_bytes", "size_bytes",
                "fsync", "flush_mix", "rate", "iodepth", "number_ios", "runtime_ns", "buffer", "verify"), keys(job));
        Object client = ((List<?>) description.get("downstairs")).get(0);
        assertEquals(List.of("client", "link", "service"), keys(client));
        assertEquals(List.of("to_downstairs", "to_upstairs"), keys(((Map<?, ?>) client).get("link")));
        assertEquals(List.of("read", "write", "flush"), keys(((Map<?, ?>) client).get("service")));
        assertEquals(List.of("hlog_interval_ns", "hlog_interval_doubles", "write_iolog"),
                keys(description.get("output")));
    }

    @Test
    void shouldRoundTripTheImportantValues() throws Exception {
        Scenario scenario = full();
        @SuppressWarnings("unchecked")
        Map<String, Object> read = JSON.readValue(JSON.writeValueAsString(scenario.describe()), Map.class);

        assertEquals(scenario.name(), read.get("name"));
        assertEquals(scenario.seed(), ((Number) read.get("seed")).longValue());
        assertEquals("virtual", read.get("clock"));
        assertEquals(scenario.transport(), read.get("transport"));
        Map<?, ?> volume = (Map<?, ?>) read.get("volume");
        assertEquals(scenario.volume().blockSizeBytes(), volume.get("block_size_bytes"));
        assertEquals(scenario.volume().extentSizeBlocks(), volume.get("extent_size_blocks"));
        assertEquals(scenario.volume().extentCount(), volume.get("extent_count"));
        Map<?, ?> upstairs = (Map<?, ?>) read.get("upstairs");
        assertEquals(scenario.upstairs().policy().name(), upstairs.get("policy"));
        assertEquals(scenario.upstairs().maxInFlightPerClient(), upstairs.get("max_in_flight"));
        assertEquals(scenario.upstairs().flushTimeoutNs(), ((Number) upstairs.get("flush_timeout_ns")).longValue());
        assertEquals(scenario.upstairs().statusIntervalNs(), ((Number) upstairs.get("status_interval_ns")).longValue());
        assertEquals(Map.of("kind", "constant", "delay_ns", 2000), upstairs.get("processing"));
        Map<?, ?> workload = (Map<?, ?>) ((List<?>) ((Map<?, ?>) read.get("workload")).get("jobs")).get(0);
        assertEquals(scenario.workload().job().rw(), workload.get("rw"));
        assertEquals(scenario.workload().job().readPercent(), workload.get("rwmixread"));
        assertEquals(scenario.workload().job().blockSizes().describe(), workload.get("bs"));
        assertEquals(scenario.workload().job().ioDepth(), workload.get("iodepth"));
        assertEquals(scenario.workload().job().fsyncEveryWrites(), workload.get("fsync"));
        assertEquals(scenario.workload().job().flushShare(), workload.get("flush_mix"));
        assertEquals(scenario.workload().job().numberIos(), ((Number) workload.get("number_ios")).longValue());
        assertEquals(scenario.workload().job().runtimeNs(), ((Number) workload.get("runtime_ns")).longValue());
        assertEquals(scenario.workload().job().verify(), workload.get("verify"));
        assertEquals(scenario.reports(), read.get("reports"));
        assertEquals(scenario.output().hlogInterval().firstNs(), ((Number) ((Map<?, ?>) read.get("output"))
                .get("hlog_interval_ns")).longValue());
        assertEquals(scenario.output().hlogInterval().doubling(), ((Map<?, ?>) read.get("output"))
                .get("hlog_interval_doubles"));
        assertEquals(scenario.drainTimeoutNs(), ((Number) read.get("drain_timeout_ns")).longValue());

        List<?> downstairs = (List<?>) read.get("downstairs");
        assertEquals(3, downstairs.size());
        for (int clientId = 0; clientId < 3; clientId++) {
            Map<?, ?> client = (Map<?, ?>) downstairs.get(clientId);
            assertEquals(clientId, client.get("client"));
            DownstairsModel model = scenario.downstairs(clientId);
            Map<?, ?> link = (Map<?, ?>) client.get("link");
            assertEquals(JSON.writeValueAsString(model.toDownstairs().describe()),
                    JSON.writeValueAsString(link.get("to_downstairs")));
            Map<?, ?> write = (Map<?, ?>) ((Map<?, ?>) client.get("service")).get("write");
            assertEquals(model.write().perByteNs(), write.get("per_byte_ns"));
            assertEquals(JSON.writeValueAsString(model.write().fixed().describe()), JSON.writeValueAsString(write.get("fixed")));
        }
    }

    @Test
    void shouldWriteAbsentModelsAsNull() {
        Map<String, Object> description = ScenarioLoader.defaults().describe();
        Map<?, ?> upstairs = (Map<?, ?>) description.get("upstairs");
        assertTrue(upstairs.containsKey("processing"));
        assertNull(upstairs.get("processing"));
        Map<?, ?> client = (Map<?, ?>) ((List<?>) description.get("downstairs")).get(2);
        Map<?, ?> link = (Map<?, ?>) client.get("link");
        assertTrue(link.containsKey("to_upstairs"));
        assertNull(link.get("to_upstairs"));
    }

    @Test
    void shouldHoldOnlyPlainJsonValues() {
        assertPlain("", full().describe());
        for (var example : ScenarioExamplesTest.exampleFiles()) {
            assertPlain(example.toString(), ScenarioLoader.load(example, List.of()).describe());
        }
    }

    private static void assertPlain(String path, Object value) {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Integer
                || value instanceof Double || value instanceof Boolean) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    fail(path + ": key " + entry.getKey() + " is not a string");
                    return;
                }
                assertPlain(path + "." + key, entry.getValue());
            }
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                assertPlain(path + "[" + i + "]", list.get(i));
            }
            return;
        }
        fail(path + ": " + value.getClass().getName() + " is not a plain JSON value");
    }

    private static List<Object> keys(Object map) {
        return new ArrayList<>(((Map<?, ?>) map).keySet());
    }
}
