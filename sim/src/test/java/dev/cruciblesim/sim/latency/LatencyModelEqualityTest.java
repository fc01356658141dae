package dev.cruciblesim.sim.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Models are values: what a model draws follows from its kind and description, so equality does too. */
class LatencyModelEqualityTest {
    @Test
    void shouldCallModelsOfOneKindAndDescriptionEqual() {
        LatencyModel mixture = LatencyModels.mixture(List.of(new WeightedModel(1, LatencyModels.constant(5)),
                new WeightedModel(3, LatencyModels.exponential(1e6))));

        assertEquals(LatencyModels.exponential(1e6), LatencyModels.exponential(1e6));
        assertEquals(LatencyModels.exponential(1e6).hashCode(), LatencyModels.exponential(1e6).hashCode());
        assertEquals(mixture, LatencyModels.mixture(List.of(new WeightedModel(1, LatencyModels.constant(5)),
                new WeightedModel(3, LatencyModels.exponential(1e6)))));
    }

    @Test
    void shouldTellModelsApartByParameterAndByKind() {
        assertNotEquals(LatencyModels.exponential(1e6), LatencyModels.exponential(2e6));
        assertNotEquals(LatencyModels.constant(1000), LatencyModels.uniform(1000, 1000));
        assertNotEquals(LatencyModels.mixture(List.of(new WeightedModel(1, LatencyModels.constant(5)),
                new WeightedModel(3, LatencyModels.constant(6)))),
                LatencyModels.mixture(List.of(new WeightedModel(3, LatencyModels.constant(5)),
                new WeightedModel(1, LatencyModels.constant(6)))));
    }
}
