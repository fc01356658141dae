package dev.cruciblesim.upstairs.core;

/**
 * How the upstairs tells a guest that its IO finished. Called on the upstairs core thread, so it
 * must be quick and must not block; read data is already in the guest's buffer when it runs.
 */
@FunctionalInterface
public interface GuestCallback {
    /** @param error null on success, otherwise why the IO failed */
    void onComplete(String error);
}
