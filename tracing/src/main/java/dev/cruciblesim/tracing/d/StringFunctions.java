package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.json.JsonTree;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * D's string subroutines with D's edge cases (as DTrace's kernel implements them): a null
 * argument is an invalid address, out-of-range {@code substr()} indices give the empty string
 * rather than an error, {@code strstr()} and {@code strtok()} give NULL when nothing is found.
 */
final class StringFunctions {
    private StringFunctions() {
    }

    /** Dereferences a D string, as every subroutine reading one does. */
    static String deref(String s) {
        if (s == null) {
            throw DRuntimeException.invalidAddress(0);
        }
        return s;
    }

    /**
     * {@code substr(s, index[, length])}: a negative index counts from the end (and is clipped at
     * the start, shortening the length by as much); a negative length leaves that many characters
     * off the end; anything out of range gives "".
     */
    static String substr(String s, long index, long length, boolean hasLength) {
        long size = s.length();
        // Without a length D copies up to its string size limit; any bound past the end does here.
        long remaining = hasLength ? length : Integer.MAX_VALUE;
        long start = index;
        if (start < 0) {
            start += size;
            if (start < 0 && start + remaining > 0) {
                remaining += start;
                start = 0;
            }
        }
        if (start >= size || start < 0) {
            remaining = 0;
        } else if (remaining < 0) {
            remaining += size - start;
        }
        if (remaining <= 0) {
            return "";
        }
        return s.substring((int) start, (int) Math.min(size, start + remaining));
    }

    /** {@code strstr(s, sub)}: s from the first occurrence of sub, or NULL. */
    static String strstr(String s, String sub) {
        int at = s.indexOf(sub);
        return at < 0 ? null : s.substring(at);
    }

    /** {@code index(s, sub[, start])}: the position of the first occurrence at or after start, or -1. */
    static long index(String s, String sub, long start) {
        if (start >= s.length() + 1L) {
            return -1;
        }
        return s.indexOf(sub, (int) Math.max(0, start));
    }

    /** {@code rindex(s, sub[, start])}: the position of the last occurrence at or before start, or -1. */
    static long rindex(String s, String sub, long start, boolean hasStart) {
        if (hasStart && start < 0) {
            return -1;
        }
        int from = hasStart ? (int) Math.min(start, s.length()) : s.length();
        return s.lastIndexOf(sub, from);
    }

    /**
     * {@code strtok(s, delimiters)} with C's semantics: a null s continues the thread's last
     * string; leading delimiters are skipped; NULL when no token is left.
     */
    static String strtok(Frame frame, String s, String delimiters) {
        if (s != null) {
            frame.strtokSource = s;
            frame.strtokOffset = 0;
        }
        return frame.strtokSource == null ? null : frame.strtok(delimiters);
    }

    /** {@code lltostr(value[, base])}: signed for base 10, the two's complement bits in other bases. */
    static String lltostr(long value, long base) {
        if (base < 2 || base > 36) {
            throw DRuntimeException.illegalOperation("base " + base);
        }
        return base == 10 ? Long.toString(value) : Long.toUnsignedString(value, (int) base);
    }

    /** {@code strtoll(s[, base])}: leading blanks, an optional sign, then digits; 0 when none. */
    static long strtoll(String s, long base) {
        if (base < 2 || base > 36) {
            throw DRuntimeException.illegalOperation("base " + base);
        }
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i++) == '-';
        }
        long value = 0;
        for (; i < s.length(); i++) {
            int digit = Character.digit(s.charAt(i), (int) base);
            if (digit < 0) {
                break;
            }
            value = value * base + digit;
        }
        return negative ? -value : value;
    }

    /** {@code basename(path)}, as basename(1): trailing slashes dropped, then the last component. */
    static String basename(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        String trimmed = path.substring(0, end);
        if (trimmed.equals("/")) {
            return "/";
        }
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /** {@code dirname(path)}, as dirname(1). */
    static String dirname(String path) {
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        int slash = path.lastIndexOf('/', end - 1);
        if (slash < 0) {
            return ".";
        }
        while (slash > 0 && path.charAt(slash - 1) == '/') {
            slash--;
        }
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    /**
     * {@code json(text, "a.b[0].c")}: a string member's text, any other member's compact JSON, or
     * NULL when the text is not JSON or the member is missing (using that NULL is then the
     * runtime error, as in D).
     */
    static String json(String text, String path) {
        Object node;
        try {
            node = JsonTree.parse(text);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        for (String step : path.split("\\.", -1)) {
            int bracket = step.indexOf('[');
            String name = bracket < 0 ? step : step.substring(0, bracket);
            if (!name.isEmpty() || bracket < 0) {
                if (!(node instanceof Map<?, ?> object) || !object.containsKey(name)) {
                    return null;
                }
                node = object.get(name);
            }
            while (bracket >= 0) {
                int close = step.indexOf(']', bracket);
                if (close < 0) {
                    return null;
                }
                int element;
                try {
                    element = Integer.parseInt(step.substring(bracket + 1, close));
                } catch (NumberFormatException e) {
                    return null;
                }
                if (!(node instanceof List<?> array) || element < 0 || element >= array.size()) {
                    return null;
                }
                node = array.get(element);
                bracket = step.indexOf('[', close);
            }
        }
        if (node == null) {
            return "null";
        }
        return node instanceof String string ? string : JsonTree.toCompactString(node);
    }
}
