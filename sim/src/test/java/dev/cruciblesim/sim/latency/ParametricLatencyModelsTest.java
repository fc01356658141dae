package dev.cruciblesim.sim.latency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParametricLatencyModelsTest {
    private static final int DRAWS = 200_000;

    @Test
    void shouldReturnTheConstantExactlyWithoutDrawing() {
        LatencyModel model = LatencyModels.constant(12_345);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1_000; i++) {
            assertEquals(12_345, model.sampleNs(random));
        }
        assertEquals(new SplittableRandom(1).nextLong(), random.nextLong(), "the stream was not advanced");
        assertEquals(12_345.0, model.meanNs());
    }

    @Test
    void shouldDrawUniformFromMinInclusiveToMaxExclusive() {
        SampleStats stats = SampleStats.draw(LatencyModels.uniform(10, 14), 3, DRAWS);
        assertEquals(10, stats.minNs);
        assertEquals(13, stats.maxNs);
        assertEquals(11.5, LatencyModels.uniform(10, 14).meanNs());
    }

    @Test
    void shouldDrawUniformMinWhenMinEqualsMax() {
        SampleStats stats = SampleStats.draw(LatencyModels.uniform(700, 700), 3, 1_000);
        assertEquals(700, stats.minNs);
        assertEquals(700, stats.maxNs);
        assertEquals(700.0, LatencyModels.uniform(700, 700).meanNs());
    }

    @Test
    void shouldRedrawNegativeNormalValuesAndReportTheTruncatedMean() {
        // mean = 0.5 sd: 31% of the untruncated mass is below 0, so truncation moves the mean by half.
        LatencyModel model = LatencyModels.normal(500, 1_000);
        assertEquals(1009.1604338370336, model.meanNs(), 1e-3);
        SampleStats stats = SampleStats.draw(model, 5, DRAWS);
        assertTrue(stats.minNs >= 0);
        stats.assertMeanMatches(model, 697.2628168032245);
        assertTrue(Math.abs(stats.meanNs - 500) > 400, "truncation visibly moved the sample mean: " + stats.meanNs);
    }

    @Test
    void shouldTruncateANormalCentredOnZeroToItsHalf() {
        LatencyModel model = LatencyModels.normal(0, 1_000);
        assertEquals(797.8845608028654, model.meanNs(), 1e-3);
        SampleStats.draw(model, 6, DRAWS).assertMeanMatches(model, 602.8102749890869);
    }

    @Test
    void shouldTreatAZeroStddevNormalAsItsMean() {
        LatencyModel model = LatencyModels.normal(1_500, 0);
        assertEquals(1_500.0, model.meanNs());
        SampleStats stats = SampleStats.draw(model, 6, 1_000);
        assertEquals(1_500, stats.minNs);
        assertEquals(1_500, stats.maxNs);
    }

    @Test
    void shouldCentreTheLognormalOnItsMedian() {
        LatencyModel model = LatencyModels.lognormal(250_000, 0.8);
        SampleStats stats = SampleStats.draw(model, 9, DRAWS);
        // The sample median's standard error is sqrt(pi/2) * sigma * median / sqrt(n) on the log scale.
        double relativeStandardError = Math.sqrt(Math.PI / 2) * 0.8 / Math.sqrt(DRAWS);
        assertEquals(250_000, stats.quantileNs(0.5), 250_000 * 5 * relativeStandardError);
        assertEquals(250_000 * Math.exp(0.32), model.meanNs(), 1e-6);
    }

    @Test
    void shouldConvertMeanAndStddevToTheEquivalentLognormal() {
        LatencyModel model = LatencyModels.lognormalFromMean(80_000, 40_000);
        assertEquals(80_000, model.meanNs(), 1e-6);
        double sigma = Math.sqrt(Math.log(1 + 0.25));
        Map<String, Object> description = model.describe();
        assertEquals("lognormal", description.get("kind"));
        assertEquals(80_000 * Math.exp(-sigma * sigma / 2), (Double) description.get("median_ns"), 1e-6);
        assertEquals(sigma, (Double) description.get("sigma"), 1e-12);
        SampleStats stats = SampleStats.draw(model, 10, DRAWS);
        assertEquals(40_000, stats.stddevNs, 40_000 * 0.05, "the stddev survives the conversion");
    }

    @Test
    void shouldNeverDrawParetoBelowItsScale() {
        LatencyModel model = LatencyModels.pareto(10_000, 1.5);
        SampleStats stats = SampleStats.draw(model, 12, DRAWS);
        assertEquals(10_000, stats.minNs, 1, "the minimum is the scale, reached within rounding");
        assertEquals(30_000, model.meanNs(), 1e-9);
    }

    @Test
    void shouldReportAnInfiniteParetoMeanForShapeAtMostOne() {
        assertEquals(Double.POSITIVE_INFINITY, LatencyModels.pareto(10_000, 1.0).meanNs());
        assertEquals(Double.POSITIVE_INFINITY, LatencyModels.pareto(10_000, 0.5).meanNs());
        SampleStats stats = SampleStats.draw(LatencyModels.pareto(10_000, 0.5), 13, DRAWS);
        assertTrue(stats.maxNs <= LatencyModels.MAX_DELAY_NS);
    }

    @Test
    void shouldPickMixtureComponentsInProportionToTheirWeights() {
        LatencyModel model = LatencyModels.mixture(List.of(
                new WeightedModel(9, LatencyModels.constant(100)),
                new WeightedModel(1, LatencyModels.constant(5_000))));
        SampleStats stats = SampleStats.draw(model, 14, DRAWS);
        long fast = 0;
        long slow = 0;
        for (long sample : stats.samplesNs) {
            if (sample == 100) {
                fast++;
            } else if (sample == 5_000) {
                slow++;
            }
        }
        assertEquals(DRAWS, fast + slow, "only the components' values are drawn");
        double shareStandardError = Math.sqrt(0.9 * 0.1 / DRAWS);
        assertEquals(0.9, fast / (double) DRAWS, 5 * shareStandardError);
        assertEquals(0.9 * 100 + 0.1 * 5_000, model.meanNs(), 1e-9);
    }

    @Test
    void shouldDescribeEachKindWithItsParametersInAFixedOrder() {
        assertDescribed(describedAs("constant", "delay_ns", 5L), LatencyModels.constant(5));
        assertDescribed(describedAs("uniform", "min_ns", 1L, "max_ns", 9L), LatencyModels.uniform(1, 9));
        assertDescribed(describedAs("exponential", "mean_ns", 3.0), LatencyModels.exponential(3));
        assertDescribed(describedAs("normal", "mean_ns", 4.0, "stddev_ns", 2.0), LatencyModels.normal(4, 2));
        assertDescribed(describedAs("lognormal", "median_ns", 7.0, "sigma", 0.25), LatencyModels.lognormal(7, 0.25));
        assertDescribed(describedAs("pareto", "scale_ns", 8.0, "shape", 2.5), LatencyModels.pareto(8, 2.5));
        assertEquals(List.of("kind", "median_ns", "sigma"),
                new ArrayList<>(LatencyModels.lognormalFromMean(10, 3).describe().keySet()));

        LatencyModel mixtureModel = LatencyModels.mixture(List.of(
                new WeightedModel(3, LatencyModels.constant(1)),
                new WeightedModel(1, LatencyModels.exponential(2))));
        Map<String, Object> mixture = mixtureModel.describe();
        assertDescribed(describedAs("mixture", "components", List.of(
                describedAs(null, "weight", 3.0, "model", describedAs("constant", "delay_ns", 1L)),
                describedAs(null, "weight", 1.0, "model", describedAs("exponential", "mean_ns", 2.0)))), mixtureModel);
        assertEquals(List.of("weight", "model"), new ArrayList<>(
                ((Map<?, ?>) ((List<?>) mixture.get("components")).get(0)).keySet()));
    }

    @Test
    void shouldRoundToTheNearestNanosecondAndClampToTheCap() {
        assertEquals(0, LatencyMath.toNs(-3.0));
        assertEquals(0, LatencyMath.toNs(Double.NaN));
        assertEquals(0, LatencyMath.toNs(0.49));
        assertEquals(1, LatencyMath.toNs(0.5));
        assertEquals(1_234, LatencyMath.toNs(1_233.5));
        assertEquals(LatencyModels.MAX_DELAY_NS, LatencyMath.toNs(1e300));
        assertEquals(LatencyModels.MAX_DELAY_NS, LatencyMath.toNs(Double.POSITIVE_INFINITY));
    }

    /** Compares entries in order: describe() promises a fixed key order. */
    private static void assertDescribed(Map<String, Object> expected, LatencyModel model) {
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(model.describe().entrySet()));
    }

    private static Map<String, Object> describedAs(String kind, Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (kind != null) {
            map.put("kind", kind);
        }
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
