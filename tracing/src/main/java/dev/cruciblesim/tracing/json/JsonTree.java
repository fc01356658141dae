package dev.cruciblesim.tracing.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as trees of {@link Map} (in insertion order), {@link List}, {@link String}, {@link Number},
 * {@link Boolean} and null, on Jackson's streaming parser and generator.
 *
 * <p>Why not Jackson's object mapper: a run writes a handful of small documents, and the mapper's
 * serializer and deserializer machinery costs a short virtual-time run hundreds of milliseconds of
 * class loading and start-up before its first byte; the generator and parser are the part that does
 * the work. Numbers keep the type they were read as or put in as (an int stays an int, a double is
 * written as Jackson writes doubles), so documents render as the mapper rendered them.
 */
public final class JsonTree {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonTree() {
    }

    /**
     * @return the document's value: objects as {@link LinkedHashMap}, arrays as {@link ArrayList},
     *         integers as {@link Integer}, {@link Long} or {@link BigInteger} by size, other numbers
     *         as {@link Double}
     * @throws IOException when {@code text} is not one JSON value
     */
    public static Object parse(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IOException("no JSON value in an empty text");
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new IOException("more than one JSON value, at " + parser.currentLocation());
            }
            return value;
        }
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    object.put(name, read(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(read(parser, next));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected " + token + " at " + parser.currentLocation());
        }
    }

    /** @return {@code value} as compact JSON, with no whitespace */
    public static String toCompactString(Object value) {
        return write(value, null);
    }

    /** @return {@code value} as JSON laid out by {@code printer}, or compact when it is null */
    public static String write(Object value, PrettyPrinter printer) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            if (printer != null) {
                generator.setPrettyPrinter(printer);
            }
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String string) {
            generator.writeString(string);
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeFieldName(String.valueOf(entry.getKey()));
                write(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof Iterable<?> iterable) {
            generator.writeStartArray();
            for (Object element : iterable) {
                write(generator, element);
            }
            generator.writeEndArray();
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            generator.writeNumber(((Number) value).intValue());
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else if (value instanceof Double number) {
            generator.writeNumber(number);
        } else if (value instanceof Float number) {
            generator.writeNumber(number);
        } else if (value instanceof BigInteger number) {
            generator.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            generator.writeNumber(number);
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof long[] numbers) {
            generator.writeArray(numbers, 0, numbers.length);
        } else if (value instanceof int[] numbers) {
            generator.writeArray(numbers, 0, numbers.length);
        } else if (value instanceof double[] numbers) {
            generator.writeArray(numbers, 0, numbers.length);
        } else if (value instanceof Object[] array) {
            write(generator, Arrays.asList(array));
        } else {
            throw new IllegalArgumentException("no JSON form for a " + value.getClass().getName() + ": " + value);
        }
    }
}
