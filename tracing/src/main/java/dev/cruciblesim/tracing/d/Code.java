package dev.cruciblesim.tracing.d;

/** The closure shapes a compiled script is made of; each is built once and called per firing. */
final class Code {
    private Code() {
    }

    /** An integer-typed expression. */
    @FunctionalInterface
    interface Ints {
        long eval(Frame frame);
    }

    /** A string-typed expression; null is D's NULL string (from {@code json()}, {@code strtok()}, ...). */
    @FunctionalInterface
    interface Strings {
        String eval(Frame frame);
    }

    /** A statement. */
    @FunctionalInterface
    interface Action {
        void run(Frame frame);
    }

    /** Where an integer assignment stores. */
    interface IntPlace {
        long get(Frame frame);

        void set(Frame frame, long value);
    }

    /** Where a string assignment stores. */
    interface StringPlace {
        String get(Frame frame);

        void set(Frame frame, String value);
    }
}
