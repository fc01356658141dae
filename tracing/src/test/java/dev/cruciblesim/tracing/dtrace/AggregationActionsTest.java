package dev.cruciblesim.tracing.dtrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** clear(), trunc() and normalize()/denormalize() as DTrace's consumer applies them (spec §3.4, §6.2). */
class AggregationActionsTest {
    private final DProgram program = new DProgram();

    private static List<String> lines(String dump) {
        return dump.lines().filter(line -> !line.isEmpty()).map(String::strip).toList();
    }

    private Aggregation counts(String... keysByFiring) {
        Aggregation calls = program.aggregation("calls", AggregationFunction.count(), KeyType.STRING);
        for (String key : keysByFiring) {
            calls.aggregate(key, 0);
        }
        return calls;
    }

    @Test
    void shouldKeepTheKeysOfAClearedAggregationAndPrintThemAsZero() {
        Aggregation calls = counts("a", "a", "a", "b");

        program.clear(calls);

        assertEquals(List.of("a                                                                 0",
                "b                                                                 0"), lines(program.renderUnprinted()));
        calls.aggregate("b", 0);
        assertEquals(List.of("a                                                                 0",
                "b                                                                 1"), lines(program.renderUnprinted()));
    }

    /**
     * aggs/tst.clear.d and tst.clearnormalize.d from DTrace's test suite, their tick-100ms clauses
     * run in order per tick: sum i * 100 into @func[i % 5] while i < 20; at i == 10 print, clear,
     * print, i++; at i == 20 print and exit.
     */
    private String runClearScript(boolean normalized) {
        Aggregation func = program.aggregation("func", AggregationFunction.sum(), KeyType.INT32);
        int i = 0;
        while (program.isTracing()) {
            if (i < 20) {
                func.aggregate(i % 5, i * 100L);
                i++;
            }
            if (i == 10) {
                program.printf(PrintFormat.compile(normalized ? "Normalized data before clear:\n"
                        : "Aggregation data before clear():\n"));
                if (normalized) {
                    program.normalize(func, 5);
                }
                program.printa(func);
                program.clear(func);
                program.printf(PrintFormat.compile(normalized ? "Aggregation data after clear:\n"
                        : "Aggregation data after clear():\n"));
                program.printa(func);
                i++;
            }
            if (i == 20) {
                program.printf(PrintFormat.compile(normalized ? "Final (normalized) aggregation data:\n"
                        : "Final aggregation data:\n"));
                if (normalized) {
                    program.normalize(func, 5);
                }
                program.printa(func);
                program.end(RunEnd.EXIT, null);
            }
        }
        return program.stdout();
    }

    @Test
    void shouldReproduceTheTestSuitesClearOutput() {
        assertEquals("Aggregation data before clear():\n\n"
                + "        0              500\n        1              700\n        2              900\n"
                + "        3             1100\n        4             1300\n"
                + "Aggregation data after clear():\n\n"
                + "        0                0\n        1                0\n        2                0\n"
                + "        3                0\n        4                0\n"
                + "Final aggregation data:\n\n"
                + "        0             1500\n        1             2700\n        2             2900\n"
                + "        3             3100\n        4             3300\n"
                + "\n", runClearScript(false));
    }

    @Test
    void shouldReproduceTheTestSuitesClearNormalizeOutput() {
        assertEquals("Normalized data before clear:\n\n"
                + "        0              100\n        1              140\n        2              180\n"
                + "        3              220\n        4              260\n"
                + "Aggregation data after clear:\n\n"
                + "        0                0\n        1                0\n        2                0\n"
                + "        3                0\n        4                0\n"
                + "Final (normalized) aggregation data:\n\n"
                + "        0              300\n        1              540\n        2              580\n"
                + "        3              620\n        4              660\n"
                + "\n", runClearScript(true));
    }

    @Test
    void shouldCarryTheClearedZeroIntoMinAsDTraceDoes() {
        Aggregation min = program.aggregation("min", AggregationFunction.min(), KeyType.STRING);
        min.aggregate("old", 5);

        program.clear(min);
        min.aggregate("old", 9);
        min.aggregate("new", 9);

        // DTrace's consumer zeroes the entry, then folds later data in with min(): min(0, 9) = 0.
        assertEquals(List.of("new                                                               9",
                "old                                                               0"),
                lines(program.renderUnprinted()).stream().sorted().toList());
    }

    @Test
    void shouldPrintAClearedQuantizeAsTheThreeRowsAroundZero() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        time.aggregate(1000);

        program.clear(time);

        String empty = "|" + " ".repeat(40) + " 0        \n";
        assertEquals("\n" + HistogramFormat.HEADER + "              -1 " + empty + "               0 " + empty
                + "               1 " + empty + "\n", program.renderUnprinted());
    }

    @Test
    void shouldRemoveEveryKeyWithTruncAndStartAKeyAfreshWhenItFiresAgain() {
        Aggregation calls = counts("a", "a", "b");

        program.trunc(calls);

        assertEquals("", program.renderUnprinted());
        calls.aggregate("a", 0);
        assertEquals(List.of("a                                                                 1"),
                lines(program.renderUnprinted()));
    }

    @Test
    void shouldKeepTheLargestWithAPositiveCountAndTheSmallestWithANegativeOne() {
        Aggregation calls = counts("five", "five", "five", "five", "five", "three", "three", "three", "one",
                "four", "four", "four", "four");
        Aggregation copy = program.aggregation("copy", AggregationFunction.count(), KeyType.STRING);
        for (AggregationRecord record : calls.snapshot()) {
            for (long i = 0; i < record.value(); i++) {
                copy.aggregate(record.key().string(0), 0);
            }
        }

        program.trunc(calls, 2);
        program.trunc(copy, -2);

        assertEquals(List.of("four                                                              4",
                "five                                                              5",
                "one                                                               1",
                "three                                                             3"),
                lines(program.renderUnprinted()));
    }

    @Test
    void shouldReproduceTheTestSuitesTruncOutput() {
        // aggs/tst.trunc.d: @[i] = sum(i) for int i in 0 .. 99, then trunc(@, 10) in END.
        Aggregation a = program.aggregation("", AggregationFunction.sum(), KeyType.INT32);
        for (int i = 0; i < 100; i++) {
            a.aggregate(i, i);
        }

        program.end(RunEnd.EXIT, () -> program.trunc(a, 10));

        StringBuilder expected = new StringBuilder("\n");
        for (int i = 90; i < 100; i++) {
            expected.append(String.format(" %8d %16d%n", i, i).replace(System.lineSeparator(), "\n"));
        }
        assertEquals(expected.toString(), program.stdout());
    }

    @Test
    void shouldBreakTruncTiesByKeyAndIgnoreAggsortrev() {
        Aggregation calls = counts("a", "b", "c");
        program.setSortOptions(new SortOptions(false, true, 0, 0));

        program.trunc(calls, 2);

        // The two largest by (value, key) are c and b; aggsortrev only reverses the printing.
        assertEquals(List.of("c                                                                 1",
                "b                                                                 1"), lines(program.renderUnprinted()));
    }

    @Test
    void shouldKeepEverythingWhenTheCountExceedsTheKeys() {
        Aggregation calls = counts("a", "b");

        program.trunc(calls, 10);

        assertEquals(2, calls.snapshot().size());
    }

    @Test
    void shouldDivideScalarsAndHistogramCountsButNotBars() {
        Aggregation bytes = program.aggregation("bytes", AggregationFunction.sum(), KeyType.STRING);
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        bytes.aggregate("read", 4096);
        time.aggregate(AggregationKey.EMPTY, 8, 3000);
        time.aggregate(AggregationKey.EMPTY, 16, 1000);

        program.normalize(bytes, 1024);
        program.normalize(time, 1000);

        List<String> lines = program.renderUnprinted().lines().toList();
        assertEquals("  read                                                              4", lines.get(0));
        assertEquals("               8 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@           3        ", lines.get(4));
        assertEquals("              16 |@@@@@@@@@@                               1        ", lines.get(5));

        program.denormalize(bytes);
        assertEquals("  read                                                           4096",
                program.renderUnprinted().lines().findFirst().orElseThrow());
    }

    @Test
    void shouldNormalizeOnlyTheKeysPresentAndDivideNegativeValuesUnsignedAsDTracesCDoes() {
        Aggregation bytes = program.aggregation("bytes", AggregationFunction.sum(), KeyType.STRING);
        bytes.aggregate("back", -10);

        program.normalize(bytes, 2);
        bytes.aggregate("later", 10);

        // -10 read as unsigned, halved: 2^63 - 5. "later" came after normalize() and prints as it is.
        assertEquals(List.of("back                                               9223372036854775803",
                "later                                                            10"),
                lines(program.renderUnprinted()).stream().sorted().toList());
    }

    @Test
    void shouldNormalizeThePrintaValue() {
        Aggregation calls = counts("a", "a", "a", "a");

        program.normalize(calls, 2);
        program.printa("%s %@d\n", calls);

        assertEquals("a 2\n", program.stdout());
    }

    @Test
    void shouldReproduceTheTestSuitesFormattedNormalizeOutput() {
        // aggs/tst.fmtnormalize.d: sum i * 100 into @func[i % 5] for i < 20, normalize by 5, printa "%u %@u".
        Aggregation func = program.aggregation("func", AggregationFunction.sum(), KeyType.INT32);
        for (int i = 0; i < 20; i++) {
            func.aggregate(i % 5, i * 100L);
        }

        program.printf(PrintFormat.compile("normalized data:\n"));
        program.normalize(func, 5);
        program.printa("%u %@u\n", func);
        program.end(RunEnd.EXIT, null);

        assertEquals("normalized data:\n0 600\n1 680\n2 760\n3 840\n4 920\n\n", program.stdout());
    }

    @Test
    void shouldKeepTheFactorAcrossClearButDropItWithTrunc() {
        Aggregation calls = counts("a", "a");
        program.normalize(calls, 2);

        program.clear(calls);
        calls.aggregate("a", 0);
        calls.aggregate("a", 0);
        assertEquals(1, calls.snapshot().get(0).value() / calls.snapshot().get(0).normal());

        program.trunc(calls);
        calls.aggregate("a", 0);
        assertEquals(1, calls.snapshot().get(0).normal());
    }

    @Test
    void shouldRejectAZeroFactorAndAnAggregationOfAnotherProgram() {
        Aggregation calls = counts("a");

        assertThrows(ArithmeticException.class, () -> program.normalize(calls, 0));
        assertThrows(IllegalArgumentException.class, () -> new DProgram().clear(calls));
    }

    @Test
    void shouldCountExactlyTheFiringsAfterAClearThatRanWhileThreadsFired() throws Exception {
        int threads = 4;
        int firings = 20_000;
        Aggregation calls = program.aggregation("calls", AggregationFunction.count(), KeyType.INT64);
        CountDownLatch firstPhaseDone = new CountDownLatch(threads);
        CountDownLatch secondPhase = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < firings; i++) {
                    calls.aggregate(i % 7, 0);
                }
                firstPhaseDone.countDown();
                awaitQuietly(secondPhase);
                // The same threads, so the same shards: every entry is of the old generation and restarts.
                for (int i = 0; i < firings; i++) {
                    calls.aggregate(i % 7, 0);
                }
            });
            worker.start();
            workers.add(worker);
        }
        while (firstPhaseDone.getCount() > 0) {
            // Clearing and truncating under fire must neither throw nor corrupt what comes after.
            program.clear(calls);
            program.trunc(calls, 3);
            program.renderUnprinted();
        }
        firstPhaseDone.await();
        program.clear(calls);
        secondPhase.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        long total = calls.snapshot().stream().mapToLong(AggregationRecord::value).sum();
        assertEquals((long) threads * firings, total);
        assertEquals(7, calls.snapshot().size());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
