package dev.cruciblesim.downstairs.region;

/**
 * An IO the region could not do. The downstairs core turns every {@code RegionException} into an
 * error reply for the job; any other exception escaping the region is a bug and is allowed to
 * fail the downstairs. Storage failures of a durable backend are {@link RegionStorageException}s.
 */
public class RegionException extends RuntimeException {
    public RegionException(String message) {
        super(message);
    }

    public RegionException(String message, Throwable cause) {
        super(message, cause);
    }
}
