package dev.cruciblesim.tracing.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cruciblesim.tracing.dtrace.AggregationKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricIdTest {
    @Test
    void shouldMakeALogTagWithoutWhitespaceOrCommas() {
        MetricId id = new MetricId("perfdw", "time", List.of("read for downstairs client", 0L));

        assertEquals("perfdw.time.read_for_downstairs_client.0", id.tag());
        assertEquals("upstairs_info.x.a_b_c_d", new MetricId("upstairs_info", "x", List.of("a \t b,c\nd")).tag());
        assertEquals("perfgw.time", new MetricId("perfgw", "time", List.of()).tag());
        assertEquals("r.t.-3", new MetricId("r", "t", List.of(-3L)).tag());
    }

    @Test
    void shouldLabelLikeTheDKeyTuple() {
        assertEquals("perfdw @time[\"read for downstairs client\", 0]",
                new MetricId("perfdw", "time", List.of("read for downstairs client", 0L)).label());
        assertEquals("perfgw @t", new MetricId("perfgw", "t", List.of()).label());
    }

    @Test
    void shouldTakeKeyFieldsFromAnAggregationKey() {
        assertEquals(List.of("write", 2L), MetricId.fieldsOf(AggregationKey.of("write", 2)));
        assertEquals(List.of(7L, "x"), MetricId.fieldsOf(AggregationKey.of(7L, "x")));
    }

    @Test
    void shouldRejectKeyFieldsThatAreNotStringsOrLongs() {
        assertThrows(IllegalArgumentException.class, () -> new MetricId("r", "a", List.of(1)));
        assertThrows(IllegalArgumentException.class, () -> new MetricId("r", "a", List.of(1.5)));
    }

    @Test
    void shouldKeepItsKeyImmutable() {
        List<Object> key = new ArrayList<>(List.of("a"));
        MetricId id = new MetricId("r", "t", key);
        key.add("b");

        assertEquals(List.of("a"), id.key());
        assertThrows(UnsupportedOperationException.class, () -> id.key().add("c"));
    }

    @Test
    void shouldOrderKeysStringsLexicallyAndNumbersNumerically() {
        List<List<Object>> keys = new ArrayList<>(List.of(List.of("b", 10L), List.of("b", 9L), List.of("a", 100L),
                List.of("b", -1L), List.of("B", 0L)));

        keys.sort(MetricId.KEY_ORDER);

        assertEquals(List.of(List.of("B", 0L), List.of("a", 100L), List.of("b", -1L), List.of("b", 9L),
                List.of("b", 10L)), keys);
    }
}
