package dev.cruciblesim.bench.compare;

/** Bad input to {@code compare}: its message is one line that names the input and what is wrong with it. */
public final class CompareException extends Exception {
    private static final long serialVersionUID = 1L;

    public CompareException(String message) {
        super(message);
    }
}
