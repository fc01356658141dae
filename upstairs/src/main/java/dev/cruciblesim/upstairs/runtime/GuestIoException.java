package dev.cruciblesim.upstairs.runtime;

/** A guest IO that the upstairs rejected or that failed on the downstairs; the message says which and why. */
public final class GuestIoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GuestIoException(String message) {
        super(message);
    }
}
