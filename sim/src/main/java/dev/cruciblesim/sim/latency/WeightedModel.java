package dev.cruciblesim.sim.latency;

/**
 * One component of a {@link LatencyModels#mixture mixture}. Weights are relative: {@code 9} and
 * {@code 1} mean the same as {@code 0.9} and {@code 0.1}. They are checked when the mixture is
 * built, so that the message can say which component is wrong.
 */
public record WeightedModel(double weight, LatencyModel model) {
}
