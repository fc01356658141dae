package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.util.ArrayList;
import java.util.List;

final class RecordingListener implements UpstairsListener {
    final List<RegionDefinition> activations = new ArrayList<>();
    final List<String> fatals = new ArrayList<>();

    @Override
    public void onActive(RegionDefinition region) {
        activations.add(region);
    }

    @Override
    public void onFatal(String message) {
        fatals.add(message);
    }
}
