package dev.cruciblesim.downstairs.region;

/**
 * A durable region's storage failed or holds what it should not: an IO error, or a file of the region that is
 * missing, of the wrong size, or corrupt. The message names the file and what is wrong with it. A request refused
 * for its own sake is a {@link RegionRequestException} instead.
 */
public final class RegionStorageException extends RegionException {
    public RegionStorageException(String message) {
        super(message);
    }

    public RegionStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
