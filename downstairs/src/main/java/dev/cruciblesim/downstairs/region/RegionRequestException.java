package dev.cruciblesim.downstairs.region;

/**
 * A request the region refuses without touching storage: blocks outside the region, a length that
 * is not a whole number of blocks, or no blocks at all. The message names the offset and limits.
 */
public final class RegionRequestException extends RegionException {
    public RegionRequestException(String message) {
        super(message);
    }
}
