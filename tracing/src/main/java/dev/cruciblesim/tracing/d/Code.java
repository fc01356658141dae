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

        /**
         * {@code x++} and {@code x op= v}: stores what {@code next} computes from the value held now, which it
         * reads as {@link Frame#updatingValue}. An element's keys are evaluated once, so the element read is the
         * element written, as D evaluates the target once.
         *
         * @return the value stored
         */
        default long update(Frame frame, Ints next) {
            frame.updatingValue = get(frame);
            long stored = next.eval(frame);
            set(frame, stored);
            return stored;
        }
    }

    /** Where a string assignment stores. */
    interface StringPlace {
        String get(Frame frame);

        void set(Frame frame, String value);
    }
}
