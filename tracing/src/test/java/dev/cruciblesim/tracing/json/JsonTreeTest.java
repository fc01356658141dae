package dev.cruciblesim.tracing.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class JsonTreeTest {
    /** Jackson's object mapper, as the bundle wrote JSON before JsonTree: the reference for every byte. */
    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private static DefaultPrettyPrinter printer() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter);
    }

    private static Map<String, Object> everyKindOfValue() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("zeta", 1);
        inner.put("alpha", -2L);
        inner.put("empty map", Map.of());
        inner.put("empty list", List.of());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("text", "quote \" backslash \\ tab \t newline \n unicode \u00e9 \u0001");
        root.put("int", Integer.MIN_VALUE);
        root.put("long", Long.MAX_VALUE);
        root.put("double", 1234.5);
        root.put("whole double", 1000.0);
        root.put("tiny double", 1.0e-9);
        root.put("huge double", 6.02e23);
        root.put("nan", Double.NaN);
        root.put("float", 0.25f);
        root.put("big integer", new BigInteger("123456789012345678901234567890"));
        root.put("big decimal", new BigDecimal("1.500"));
        root.put("true", true);
        root.put("false", false);
        root.put("null", null);
        root.put("nested", inner);
        root.put("list", new ArrayList<>(Arrays.asList(1, "two", null, 3.5, List.of(List.of()))));
        root.put("longs", new long[] {1, -1, Long.MIN_VALUE});
        root.put("ints", new int[] {7});
        root.put("doubles", new double[] {0.5, 2.0});
        root.put("objects", new Object[] {"a", null});
        return root;
    }

    @Test
    void shouldWriteTreesByteForByteAsJacksonsObjectMapperDid() throws IOException {
        Map<String, Object> tree = everyKindOfValue();

        assertEquals(MAPPER.writer(printer()).writeValueAsString(tree), JsonTree.write(tree, printer()));
        assertEquals(MAPPER.writeValueAsString(tree), JsonTree.toCompactString(tree));
    }

    @Test
    void shouldReadWhatTheMapperReadsAsObjects() throws IOException {
        String text = "{\"a\":[1,2147483648,123456789012345678901234567890,-0.5,1e3,true,false,null,\"s\"],"
                + "\"b\":{\"c\":{}},\"d\":[]}";

        Object tree = JsonTree.parse(text);

        assertEquals(MAPPER.readValue(text, Object.class), tree);
        assertEquals(Integer.class, ((List<?>) ((Map<?, ?>) tree).get("a")).get(0).getClass());
        assertEquals(Long.class, ((List<?>) ((Map<?, ?>) tree).get("a")).get(1).getClass());
        assertEquals(MAPPER.writeValueAsString(MAPPER.readValue(text, Object.class)), JsonTree.toCompactString(tree));
    }

    @Test
    void shouldRefuseTextThatIsNotOneJsonValue() {
        assertThrows(IOException.class, () -> JsonTree.parse(""));
        assertThrows(IOException.class, () -> JsonTree.parse("{\"a\":"));
        assertThrows(IOException.class, () -> JsonTree.parse("{} {}"));
        assertThrows(IOException.class, () -> JsonTree.parse("[1,]"));
    }

    @Test
    void shouldNameTheValueItCannotWrite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonTree.toCompactString(List.of(new StringBuilder("x"))));
        assertEquals("no JSON form for a java.lang.StringBuilder: x", e.getMessage());
    }
}
