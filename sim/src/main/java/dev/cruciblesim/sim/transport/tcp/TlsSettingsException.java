package dev.cruciblesim.sim.transport.tcp;

import java.nio.file.Path;

/**
 * TLS settings that cannot be used: a store that cannot be read or opened, or a password that cannot be found. The
 * message is one line naming the file; {@link #input()} says which input it is, so that a command line can name its
 * option.
 */
public final class TlsSettingsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final TlsSettings.Input input;
    private final transient Path file;

    TlsSettingsException(TlsSettings.Input input, Path file, String message, Throwable cause) {
        super(message, cause);
        this.input = input;
        this.file = file;
    }

    /** @return the store or the password source at fault */
    public TlsSettings.Input input() {
        return input;
    }

    /** @return the file at fault, or null when it is not a file (an environment variable) */
    public Path file() {
        return file;
    }
}
