package dev.cruciblesim.sim.latency;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What every model promises, checked for one instance of each kind. */
class LatencyModelContractTest {
    private static final int DRAWS = 200_000;
    private static final long SEED = 0x5eed_1a7e_0c1eL;

    /** name, model, the distribution's standard deviation in ns (NaN: use the sample's). */
    static Stream<Arguments> models() throws IOException {
        double sigma = 0.5;
        double lognormalStddevNs = 100_000 * Math.sqrt((Math.exp(sigma * sigma) - 1) * Math.exp(sigma * sigma));
        double mixtureMeanNs = 0.9 * 10_000 + 0.1 * 1_000_000;
        double mixtureSecondMoment = 0.9 * 10_000.0 * 10_000 + 0.1 * 2 * 1_000_000.0 * 1_000_000;
        double mixtureStddevNs = Math.sqrt(mixtureSecondMoment - mixtureMeanNs * mixtureMeanNs);
        return Stream.of(
                Arguments.of("constant", LatencyModels.constant(25_000), 0.0),
                Arguments.of("uniform", LatencyModels.uniform(1_000, 5_000), Math.sqrt((4000.0 * 4000 - 1) / 12)),
                Arguments.of("exponential", LatencyModels.exponential(20_000), 20_000.0),
                Arguments.of("normal, truncation matters", LatencyModels.normal(500, 1_000), 697.2628168032245),
                Arguments.of("normal, far from 0", LatencyModels.normal(50_000, 5_000), 5_000.0),
                Arguments.of("lognormal", LatencyModels.lognormal(100_000, sigma), lognormalStddevNs),
                Arguments.of("lognormalFromMean", LatencyModels.lognormalFromMean(80_000, 40_000), 40_000.0),
                Arguments.of("pareto", LatencyModels.pareto(10_000, 3.0), 10_000 * Math.sqrt(3.0 / 4.0)),
                Arguments.of("mixture", LatencyModels.mixture(List.of(
                        new WeightedModel(0.9, LatencyModels.constant(10_000)),
                        new WeightedModel(0.1, LatencyModels.exponential(1_000_000)))), mixtureStddevNs),
                Arguments.of("empirical dtrace", LatencyModels.fromDTraceQuantize(
                        resource("perfdw-excerpt.txt"), "perfdw-excerpt.txt", "read for downstairs client 2"),
                        Double.NaN));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = LatencyModelContractTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void shouldDrawWithinZeroAndTheCap(String name, LatencyModel model, double stddevNs) {
        SampleStats stats = SampleStats.draw(model, SEED, DRAWS);
        assertTrue(stats.minNs >= 0, () -> name + ": drew " + stats.minNs);
        assertTrue(stats.maxNs <= LatencyModels.MAX_DELAY_NS, () -> name + ": drew " + stats.maxNs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void shouldMatchMeanNsWithinFiveStandardErrors(String name, LatencyModel model, double stddevNs) {
        SampleStats stats = SampleStats.draw(model, SEED, DRAWS);
        stats.assertMeanMatches(model, Double.isNaN(stddevNs) ? stats.stddevNs : stddevNs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void shouldRepeatTheSequenceForTheSameSeed(String name, LatencyModel model, double stddevNs) {
        assertArrayEquals(SampleStats.draw(model, 7, 1_000).samplesNs, SampleStats.draw(model, 7, 1_000).samplesNs);
        if (stddevNs != 0.0) {
            assertFalse(Arrays.equals(SampleStats.draw(model, 7, 1_000).samplesNs,
                    SampleStats.draw(model, 8, 1_000).samplesNs), "another seed, another sequence");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void shouldDrawOnlyFromTheStreamItIsGiven(String name, LatencyModel model, double stddevNs) {
        SplittableRandom interleaved = new SplittableRandom(11);
        SplittableRandom other = new SplittableRandom(12);
        long[] withInterleaving = new long[1_000];
        for (int i = 0; i < withInterleaving.length; i++) {
            withInterleaving[i] = model.sampleNs(interleaved);
            model.sampleNs(other);
        }
        assertArrayEquals(SampleStats.draw(model, 11, 1_000).samplesNs, withInterleaving);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void shouldDescribeItselfKindFirstWithJsonSafeValues(String name, LatencyModel model, double stddevNs) {
        Map<String, Object> description = model.describe();
        Iterator<String> keys = description.keySet().iterator();
        assertEquals("kind", keys.next());
        assertJsonSafe(name, description);
        assertEquals(description, model.describe());
        assertThrows(UnsupportedOperationException.class, () -> description.put("kind", "changed"));
    }

    private static void assertJsonSafe(String path, Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                assertTrue(k instanceof String, path + ": key " + k);
                assertJsonSafe(path + "." + k, v);
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                assertJsonSafe(path + "[" + i + "]", list.get(i));
            }
        } else if (value instanceof Double d) {
            assertTrue(Double.isFinite(d), path + " is " + d);
        } else if (!(value instanceof Long || value instanceof String)) {
            fail(path + " is a " + (value == null ? "null" : value.getClass().getName()));
        }
    }
}
