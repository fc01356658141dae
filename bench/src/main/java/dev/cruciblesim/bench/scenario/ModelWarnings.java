package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.workload.JobSpec;
import dev.cruciblesim.sim.latency.LatencyModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Latency models that cannot finish in any useful time: a model whose mean or 99.9th percentile is
 * beyond the drain timeout makes a run that ends as a reported hang (lognormal with sigma 1000,
 * Pareto with shape 0.01). Said at load time, as a warning, since a user may mean it.
 *
 * <p>The 99.9th percentile is estimated from {@value #SAMPLES} draws of a stream of its own with a
 * fixed seed: nothing of the run's streams is touched, so the check changes no report.
 *
 * <p>The same list carries a replayed trace whose timestamps go back (see
 * {@link dev.cruciblesim.bench.workload.trace.Trace#decreasingTimestampsWarning}): the replay raises
 * them, which a user may also mean, and should know of before the run.
 */
public final class ModelWarnings {
    static final int SAMPLES = 20_000;
    private static final long CHECK_SEED = 0x5eedL;

    private ModelWarnings() {
    }

    /**
     * @return one line per model beyond the drain timeout, in a fixed order: upstairs, then links, then services;
     *     then one per replayed trace whose timestamps go back, in the order of the jobs
     */
    public static List<String> of(Scenario scenario) {
        long limitNs = scenario.drainTimeoutNs();
        Map<String, String> byPath = new LinkedHashMap<>();
        // Each distinct model is drawn from once: "downstairs.all" gives the three clients equal ones.
        Map<LatencyModel, String> byModel = new HashMap<>();
        Function<LatencyModel, String> warningOf = model -> {
            if (model != null && !byModel.containsKey(model)) {
                byModel.put(model, warning(model, limitNs));
            }
            return model == null ? null : byModel.get(model);
        };
        check(byPath, "upstairs.processing", warningOf.apply(scenario.upstairs().processing()));
        for (String part : List.of("link.to_downstairs", "link.to_upstairs", "service.read.fixed",
                "service.write.fixed", "service.flush.fixed")) {
            List<String> perClient = new ArrayList<>();
            for (int c = 0; c < scenario.downstairs().size(); c++) {
                perClient.add(warningOf.apply(model(scenario.downstairs(c), part)));
            }
            if (perClient.get(0) != null && perClient.stream().allMatch(perClient.get(0)::equals)) {
                byPath.put("downstairs.all." + part, perClient.get(0));
                continue;
            }
            for (int c = 0; c < perClient.size(); c++) {
                if (perClient.get(c) != null) {
                    byPath.put("downstairs." + c + "." + part, perClient.get(c));
                }
            }
        }
        List<String> lines = new ArrayList<>();
        byPath.forEach((path, what) -> lines.add(path + ": " + what));
        for (JobSpec job : scenario.workload().jobs()) {
            String traceWarning = job.replay() == null ? null : job.replay().trace().decreasingTimestampsWarning();
            // Jobs that replay one file share its warning.
            if (traceWarning != null && !lines.contains(traceWarning)) {
                lines.add(traceWarning);
            }
        }
        return lines;
    }

    private static void check(Map<String, String> byPath, String path, String warning) {
        if (warning != null) {
            byPath.put(path, warning);
        }
    }

    private static LatencyModel model(DownstairsModel downstairs, String part) {
        return switch (part) {
            case "link.to_downstairs" -> downstairs.toDownstairs();
            case "link.to_upstairs" -> downstairs.toUpstairs();
            case "service.read.fixed" -> downstairs.read() == null ? null : downstairs.read().fixed();
            case "service.write.fixed" -> downstairs.write() == null ? null : downstairs.write().fixed();
            default -> downstairs.flush() == null ? null : downstairs.flush().fixed();
        };
    }

    /** @return why {@code model} would outlast the drain timeout, or null when it would not */
    static String warning(LatencyModel model, long limitNs) {
        if (model == null) {
            return null;
        }
        double meanNs = model.meanNs();
        long p999Ns = p999Ns(model);
        if (!(meanNs > limitNs) && p999Ns <= limitNs) {
            return null;
        }
        return "mean " + show(meanNs) + ", 99.9th percentile about " + show(p999Ns) + ": beyond the drain timeout of "
                + show(limitNs) + ", so a run would end as a hang; shorten the model or raise drain_timeout";
    }

    private static long p999Ns(LatencyModel model) {
        SplittableRandom random = new SplittableRandom(CHECK_SEED);
        long[] draws = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            draws[i] = model.sampleNs(random);
        }
        Arrays.sort(draws);
        return draws[(int) Math.ceil(SAMPLES * 0.999) - 1];
    }

    private static String show(double ns) {
        return Double.isInfinite(ns) ? "infinite" : Quantities.showNs(Math.round(ns));
    }
}
