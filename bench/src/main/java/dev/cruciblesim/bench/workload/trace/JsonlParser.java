package dev.cruciblesim.bench.workload.trace;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import static dev.cruciblesim.bench.workload.trace.Fields.quote;

/**
 * Reads JSONL: one object a line with {@code time_us}, {@code op}, {@code offset_bytes} and {@code length_bytes};
 * other keys are ignored so traces can carry annotations, and blank lines are skipped. JSON has no comments, so a
 * line starting with {@code #} is refused with a word on where notes go instead.
 */
final class JsonlParser {
    /**
     * Floats as {@link BigDecimal} so a decimal {@code time_us} rounds to the nanosecond exactly as in the CSV, kept
     * as written so that {@code 4096.0} is reported as such and not as a puzzling {@code 4096}; a duplicate key or a
     * second value on the line is an error rather than a silent choice of one.
     */
    private static final ObjectReader READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .reader();

    private static final BigDecimal MAX_NS = BigDecimal.valueOf(Long.MAX_VALUE);

    private JsonlParser() {
    }

    static Trace parse(LineSource in) throws IOException, TraceFormatException {
        TraceBuilder records = new TraceBuilder(in);
        String text;
        while ((text = in.next()) != null) {
            if (text.isBlank()) {
                continue;
            }
            String shown = text.strip();
            if (shown.startsWith("#")) {
                // Jackson would say "unexpected character '#'", true but no help to someone who meant a comment.
                throw in.error("JSONL has no comment lines; a note goes in a key of a record, since keys other than "
                        + "time_us, op, offset_bytes and length_bytes are ignored: " + quote(shown));
            }
            JsonNode node = readObject(in, text);
            long timeNs = timeNs(in, node.get("time_us"));
            TraceOp op = op(in, node.get("op"));
            String opText = node.get("op").asText();
            if (op == TraceOp.FLUSH) {
                flushField(in, opText, "offset_bytes", node.get("offset_bytes"));
                flushField(in, opText, "length_bytes", node.get("length_bytes"));
                records.add(timeNs, op, 0, 0);
            } else {
                long offsetBytes = integer(in, opText, "offset_bytes", node.get("offset_bytes"), Long.MAX_VALUE);
                int lengthBytes = (int) integer(in, opText, "length_bytes", node.get("length_bytes"),
                        Integer.MAX_VALUE);
                records.add(timeNs, op, offsetBytes, lengthBytes);
            }
        }
        return records.build("jsonl", List.of());
    }

    private static JsonNode readObject(LineSource in, String text) throws TraceFormatException {
        JsonNode node;
        try {
            node = READER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String column = where != null && where.getColumnNr() > 0 ? " at column " + where.getColumnNr() : "";
            throw in.error("malformed JSON" + column + ": " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw in.error("expected a JSON object, got " + quote(node.toString()));
        }
        return node;
    }

    private static long timeNs(LineSource in, JsonNode value) throws TraceFormatException {
        if (value == null || value.isNull()) {
            throw in.error("time_us is missing");
        }
        if (!value.isNumber()) {
            throw in.error("time_us must be a number of µs, got " + quote(value.toString()));
        }
        BigDecimal micros = value.decimalValue();
        if (micros.signum() < 0) {
            throw in.error("time_us " + quote(value.toString()) + " is negative");
        }
        BigDecimal nanos = micros.movePointRight(3).setScale(0, RoundingMode.HALF_UP);
        if (nanos.compareTo(MAX_NS) > 0) {
            throw in.error("time_us " + quote(value.toString()) + " is too large (at most "
                    + Long.MAX_VALUE / Fields.NS_PER_US + " µs)");
        }
        return nanos.longValueExact();
    }

    private static TraceOp op(LineSource in, JsonNode value) throws TraceFormatException {
        if (value == null || value.isNull()) {
            throw in.error("op is missing");
        }
        if (!value.isTextual()) {
            throw in.error("op must be a string, got " + quote(value.toString()));
        }
        return Fields.recordOp(in, "op", value.textValue());
    }

    private static long integer(LineSource in, String opText, String name, JsonNode value, long max)
            throws TraceFormatException {
        if (value == null || value.isNull()) {
            throw in.error(name + " is missing; a " + opText + " needs one");
        }
        if (!value.isIntegralNumber()) {
            throw in.error(name + " must be a non-negative integer, got " + quote(value.toString()));
        }
        if (value.bigIntegerValue().signum() < 0) {
            throw in.error(name + " " + quote(value.toString()) + " is negative");
        }
        if (!value.canConvertToLong() || value.longValue() > max) {
            throw in.error(name + " " + quote(value.toString()) + " is too large (at most " + max + ")");
        }
        return value.longValue();
    }

    /** A flush has no range; omitted, null and 0 all say so, anything else would be silently dropped. */
    private static void flushField(LineSource in, String opText, String name, JsonNode value)
            throws TraceFormatException {
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isIntegralNumber() || value.bigIntegerValue().signum() != 0) {
            throw in.error("a " + opText + " takes no range: " + name + " must be omitted or 0, got "
                    + quote(value.toString()));
        }
    }
}
