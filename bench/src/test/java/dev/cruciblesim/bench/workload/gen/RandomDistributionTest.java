package dev.cruciblesim.bench.workload.gen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomDistributionTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "random            | random",
        "zipf              | zipf:1.1",
        "zipf:1.2          | zipf:1.2",
        "' zipf : 0.8 '    | zipf:0.8",
        "zipf:1            | zipf:1",
        "zipf:1.2:0.25     | zipf:1.2:0.25",
        "pareto            | pareto:0.2",
        "pareto:0.3        | pareto:0.3",
        "pareto:0.3:0      | pareto:0.3:0",
        "normal            | normal:0",
        "normal:10         | normal:10",
        "normal:12.5:1     | normal:12.5:1",
        "zipf:1e-3         | zipf:0.001",
    })
    void shouldReadFiosFormsAndDescribeThemCanonically(String text, String canonical) {
        RandomDistribution distribution = RandomDistribution.parse(text);
        assertEquals(canonical, distribution.describe());
        assertEquals(distribution, RandomDistribution.parse(distribution.describe()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "zipf:-1           | zipf needs a theta > 0, got -1",
        "zipf:0            | zipf needs a theta > 0, got 0",
        "zipf:abc          | zipf needs a number for its theta, got 'abc'",
        "zipf:             | zipf needs a number for its theta, got ''",
        "zipf:NaN          | zipf needs a number for its theta, got 'NaN'",
        "pareto:1          | pareto needs an h in (0, 1), got 1",
        "pareto:0          | pareto needs an h in (0, 1), got 0",
        "normal:100        | normal needs a sigma in [0, 100) (percent of the ranges), got 100",
        "normal:-1         | normal needs a sigma in [0, 100) (percent of the ranges), got -1",
        "zipf:1.2:1.5      | zipf needs a center in [0, 1], got 1.5",
        "zipf:1.2:0.5:3    | zipf takes at most a parameter and a center",
        "random:1          | random takes no parameters, got 'random:1'",
        "gaussian:3        | random_distribution must be random, zipf[:theta[:center]], pareto[:h[:center]] or"
                + " normal[:sigma[:center]], got 'gaussian:3'",
        "zoned:60/10:40/90 | random_distribution zoned is not supported",
        "''                | random_distribution must be random",
    })
    void shouldNameTheAllowedFormsAndTheBadValue(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RandomDistribution.parse(text));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void shouldRefusePickersOverNoRanges() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RandomDistribution.zipf(1.2).picker(0));
        assertEquals("range count must be at least 1, got 0", e.getMessage());
    }

    @Test
    void shouldCheckRanksAndRanges() {
        RangePicker picker = RandomDistribution.zipf(1.2).picker(10);
        assertThrows(IllegalArgumentException.class, () -> picker.rankOf(10));
        assertThrows(IllegalArgumentException.class, () -> picker.rangeOfRank(-1));
        assertThrows(IllegalArgumentException.class, () -> picker.shareOfTopRanks(11));
        assertEquals(0.0, picker.shareOfTopRanks(0));
        assertEquals(1.0, picker.shareOfTopRanks(10));
    }
}
