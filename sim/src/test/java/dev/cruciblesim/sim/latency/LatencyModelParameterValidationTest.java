package dev.cruciblesim.sim.latency;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LatencyModelParameterValidationTest {
    private static void assertRefused(String expectedMessage, Executable build) {
        LatencyModelException e = assertThrows(LatencyModelException.class, build);
        assertEquals(expectedMessage, e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void shouldRefuseNegativeOrHugeConstants() {
        assertRefused("constant: delay must be >= 0 ns, got -5", () -> LatencyModels.constant(-5));
        assertRefused("constant: delay must be <= " + LatencyModels.MAX_DELAY_NS + " ns, got " + Long.MAX_VALUE,
                () -> LatencyModels.constant(Long.MAX_VALUE));
    }

    @Test
    void shouldRefuseAUniformRangeThatIsBackwardsOrNegative() {
        assertRefused("uniform: max 10 ns is below min 20 ns", () -> LatencyModels.uniform(20, 10));
        assertRefused("uniform: min must be >= 0 ns, got -1", () -> LatencyModels.uniform(-1, 10));
    }

    @Test
    void shouldRefuseANonPositiveOrNonFiniteExponentialMean() {
        assertRefused("exponential: mean must be > 0 ns, got -5.0", () -> LatencyModels.exponential(-5));
        assertRefused("exponential: mean must be > 0 ns, got 0.0", () -> LatencyModels.exponential(0));
        assertRefused("exponential: mean must be finite, got NaN", () -> LatencyModels.exponential(Double.NaN));
        assertRefused("exponential: mean must be finite, got Infinity",
                () -> LatencyModels.exponential(Double.POSITIVE_INFINITY));
    }

    @Test
    void shouldRefuseANegativeNormalMeanOrStddev() {
        assertRefused("normal: mean must be >= 0 ns, got -1.0", () -> LatencyModels.normal(-1, 10));
        assertRefused("normal: stddev must be >= 0 ns, got -2.0", () -> LatencyModels.normal(10, -2));
        assertRefused("normal: stddev must be finite, got NaN", () -> LatencyModels.normal(10, Double.NaN));
        assertRefused("normal: mean must be finite, got -Infinity",
                () -> LatencyModels.normal(Double.NEGATIVE_INFINITY, 1));
    }

    @Test
    void shouldRefuseBadLognormalParameters() {
        assertRefused("lognormal: median must be > 0 ns, got 0.0", () -> LatencyModels.lognormal(0, 1));
        assertRefused("lognormal: sigma must be >= 0, got -0.5", () -> LatencyModels.lognormal(10, -0.5));
        assertRefused("lognormal: sigma must be finite, got NaN", () -> LatencyModels.lognormal(10, Double.NaN));
        assertRefused("lognormal: mean must be > 0 ns, got -3.0", () -> LatencyModels.lognormalFromMean(-3, 1));
        assertRefused("lognormal: stddev must be >= 0 ns, got -1.0", () -> LatencyModels.lognormalFromMean(3, -1));
        assertRefused("lognormal: stddev must be finite, got Infinity",
                () -> LatencyModels.lognormalFromMean(3, Double.POSITIVE_INFINITY));
    }

    @Test
    void shouldRefuseBadParetoParameters() {
        assertRefused("pareto: shape must be > 0, got 0.0", () -> LatencyModels.pareto(100, 0));
        assertRefused("pareto: scale must be > 0 ns, got -100.0", () -> LatencyModels.pareto(-100, 2));
        assertRefused("pareto: shape must be finite, got NaN", () -> LatencyModels.pareto(100, Double.NaN));
    }

    @Test
    void shouldRefuseABadMixtureNamingTheComponent() {
        LatencyModel one = LatencyModels.constant(1);
        assertRefused("mixture: weight of component 2 must be > 0, got 0.0", () -> LatencyModels.mixture(List.of(
                new WeightedModel(1, one), new WeightedModel(2, one), new WeightedModel(0, one))));
        assertRefused("mixture: weight of component 0 must be finite, got NaN",
                () -> LatencyModels.mixture(List.of(new WeightedModel(Double.NaN, one))));
        assertRefused("mixture: weight of component 1 must be > 0, got -1.0",
                () -> LatencyModels.mixture(List.of(new WeightedModel(1, one), new WeightedModel(-1, one))));
        assertRefused("mixture: component 0 has no model",
                () -> LatencyModels.mixture(List.of(new WeightedModel(1, null))));
        assertRefused("mixture: needs at least one component, got none", () -> LatencyModels.mixture(List.of()));
    }

    @Test
    void shouldNotSeeLaterChangesToTheComponentList() {
        List<WeightedModel> components = new ArrayList<>(List.of(new WeightedModel(1, LatencyModels.constant(4))));
        LatencyModel mixture = LatencyModels.mixture(components);
        components.set(0, new WeightedModel(1, LatencyModels.constant(99)));
        assertEquals(4.0, mixture.meanNs());
    }
}
