package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.RegionDefinition;

/** Life-cycle events of the upstairs, called on the core thread. */
public interface UpstairsListener {
    /** All three downstairs agreed and are active; guest IO may flow. */
    void onActive(RegionDefinition region);

    /**
     * The upstairs cannot go on (activation failed, or a read came back different from two
     * downstairs — Crucible panics there). Every outstanding guest IO has been failed.
     */
    void onFatal(String message);

    UpstairsListener NONE = new UpstairsListener() {
        @Override
        public void onActive(RegionDefinition region) {
        }

        @Override
        public void onFatal(String message) {
        }
    };
}
