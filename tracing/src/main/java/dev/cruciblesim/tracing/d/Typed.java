package dev.cruciblesim.tracing.d;

/**
 * A compiled expression and its D type: exactly one of {@link #ints} and {@link #strings} is set,
 * by type. {@link #constant} holds the value when it is known at compile time (a literal or a
 * folded constant), which lquantize's bounds, format strings and json paths need.
 */
record Typed(DType type, Code.Ints ints, Code.Strings strings, Object constant) {
    static Typed ofInts(DType type, Code.Ints code) {
        return new Typed(type, code, null, null);
    }

    static Typed ofStrings(Code.Strings code) {
        return new Typed(DType.STRING, null, code, null);
    }

    static Typed constant(DType type, long value) {
        long normalized = type.normalize(value);
        return new Typed(type, frame -> normalized, null, normalized);
    }

    static Typed constant(String value) {
        return new Typed(DType.STRING, null, frame -> value, value);
    }

    boolean isString() {
        return type.isString();
    }

    boolean isConstant() {
        return constant != null;
    }
}
