package dev.cruciblesim.sim.io;

import java.io.IOException;

/** A file a user named that is not one this tool can read; the message is the reason, in words, without the path. */
public final class InputFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public InputFileException(String reason) {
        super(reason);
    }
}
