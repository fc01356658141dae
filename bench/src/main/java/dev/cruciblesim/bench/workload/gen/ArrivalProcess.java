package dev.cruciblesim.bench.workload.gen;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * When IOs are meant to be issued: fio's {@code rate_iops} with {@code rate_process}. An open-loop engine issues
 * the n-th IO of a stream at the n-th time of a {@link Schedule}, whether or not earlier IOs have completed.
 *
 * <p>fio ({@code backend.c}, {@code usec_for_io}) keeps a next-issue time per data direction, in whole microseconds:
 * <ul>
 *   <li>{@code linear} (the default): from the bytes issued so far over a byte rate of {@code rate_iops} times the
 *       smallest size, so with one size the n-th IO is due at {@code n * 10^6 / iops} microseconds, truncated, with
 *       no drift; with {@code bsrange} larger IOs use up more of the byte budget, so fewer than {@code rate_iops}
 *       IOs are issued a second; with {@code bssplit} it adds a truncated {@code 10^6 / iops} per IO instead, which
 *       drifts.</li>
 *   <li>{@code poisson}: it adds {@code (10^6 / iops) * -logf(u)} microseconds per IO, in integers: the mean gap is
 *       truncated to whole microseconds first (at more than 10^6 IOPS it is 0), {@code logf} is single precision,
 *       and each gap is truncated again, which biases the rate upwards.</li>
 * </ul>
 * Both issue the first IO at once. We keep that, count IOs rather than bytes whatever the sizes, and work in
 * nanoseconds, exactly:
 * <ul>
 *   <li>{@code linear}: arrival {@code n} (from 0) is due at {@code start + round(n * 10^9 / rate)}, computed
 *       afresh from {@code n} each time (the numerator is exact below 4.6 * 10^9 arrivals, then one rounding), so no
 *       rounding accumulates however long the run. Nothing is drawn from the stream.</li>
 *   <li>{@code poisson}: gaps are exponential with mean {@code 10^9 / rate} ns, drawn by inversion as
 *       {@code -mean * log1p(-u)} with {@code u} in [0, 1) (exact in law, never infinite, and precise for short
 *       gaps); the schedule keeps the arrival time as whole nanoseconds plus a fraction and rounds only what it
 *       returns, so sub-nanosecond parts do not drift either. One uniform per arrival after the first.</li>
 * </ul>
 * fio's {@code rate_iops} may differ per direction ({@code read,write,trim}); an engine that needs that keeps one
 * schedule per direction. Immutable; schedules are not.
 */
public final class ArrivalProcess {
    /** fio's {@code rate_process} values. */
    public enum Kind {
        LINEAR("linear"),
        POISSON("poisson");

        private final String fioName;

        Kind(String fioName) {
            this.fioName = fioName;
        }

        public String fioName() {
            return fioName;
        }
    }

    private static final double NS_PER_SECOND = 1e9;

    private final Kind kind;
    private final double ratePerSecond;
    private final double meanIntervalNs;

    private ArrivalProcess(Kind kind, double ratePerSecond) {
        if (!(ratePerSecond > 0) || !Double.isFinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate_iops must be a finite number of IOs per second > 0, got "
                    + Text.plainOrRaw(ratePerSecond));
        }
        this.kind = kind;
        this.ratePerSecond = ratePerSecond;
        this.meanIntervalNs = NS_PER_SECOND / ratePerSecond;
    }

    /** @return evenly spaced arrivals, {@code ratePerSecond} per second */
    public static ArrivalProcess linear(double ratePerSecond) {
        return new ArrivalProcess(Kind.LINEAR, ratePerSecond);
    }

    /** @return a Poisson process of {@code ratePerSecond} arrivals per second */
    public static ArrivalProcess poisson(double ratePerSecond) {
        return new ArrivalProcess(Kind.POISSON, ratePerSecond);
    }

    /**
     * @param process fio's {@code rate_process}: {@code linear} or {@code poisson}
     * @param ratePerSecond fio's {@code rate_iops}, finite and {@code > 0}
     */
    public static ArrivalProcess parse(String process, double ratePerSecond) {
        Objects.requireNonNull(process, "process");
        return switch (process.strip()) {
            case "linear" -> linear(ratePerSecond);
            case "poisson" -> poisson(ratePerSecond);
            default -> throw new IllegalArgumentException("rate_process must be linear or poisson, got '"
                    + process.strip() + "'");
        };
    }

    public Kind kind() {
        return kind;
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    /** @return the mean time between arrivals, {@code 10^9 / rate} ns */
    public double meanIntervalNs() {
        return meanIntervalNs;
    }

    /** @return a schedule whose first arrival is at {@code startNs} */
    public Schedule startingAt(long startNs) {
        return new Schedule(this, startNs);
    }

    /** @return fio's options for this process: {@code rate_iops=3000000,rate_process=poisson} */
    public String describe() {
        return "rate_iops=" + Text.plain(ratePerSecond) + ",rate_process=" + kind.fioName;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ArrivalProcess that && kind == that.kind
                && Double.compare(ratePerSecond, that.ratePerSecond) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, ratePerSecond);
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * The intended issue times of one stream of IOs, in order. Single-threaded; {@link #nextArrivalNs} allocates
     * nothing. Times past {@link Long#MAX_VALUE} ns are returned as {@link Long#MAX_VALUE}.
     */
    public static final class Schedule {
        private final ArrivalProcess process;
        private final long startNs;
        private long issued;
        /** Poisson: the latest arrival's exact offset from the start is {@code wholeNs + fractionNs}. */
        private long wholeNs;
        /** In [0, 1). */
        private double fractionNs;

        private Schedule(ArrivalProcess process, long startNs) {
            this.process = process;
            this.startNs = startNs;
        }

        /** @return the intended issue time of the next arrival, in ns on the caller's clock; never earlier than the last */
        public long nextArrivalNs(SplittableRandom random) {
            long index = issued++;
            if (process.kind == Kind.LINEAR) {
                return Text.saturatedAdd(startNs, Math.round(index * NS_PER_SECOND / process.ratePerSecond));
            }
            if (index == 0) {
                return startNs;
            }
            double gapNs = -process.meanIntervalNs * StrictMath.log1p(-random.nextDouble());
            double exact = fractionNs + gapNs;
            double whole = Math.floor(exact);
            wholeNs = Text.saturatedAdd(wholeNs, (long) whole);
            fractionNs = exact - whole;
            return Text.saturatedAdd(startNs, Text.saturatedAdd(wholeNs, fractionNs >= 0.5 ? 1 : 0));
        }

        /** Past this many, a poisson count of skipped arrivals is drawn whole instead of gap by gap. */
        static final long MAX_GAPS_DRAWN_TO_SKIP = 1_000_000;

        /**
         * Moves the schedule past every arrival before {@code endNs} (at most {@code limit} of them) and
         * says how many there were: for counting IOs that came due but were never issued, whose times
         * nobody needs. A linear schedule computes the count. A poisson one draws gaps up to
         * {@value #MAX_GAPS_DRAWN_TO_SKIP}, then draws what remains of the count from the normal
         * approximation of its Poisson distribution (mean and variance λ above a million, where the
         * approximation's error is far below the count's own spread of √λ); the schedule is spent after.
         *
         * @return the number of arrivals skipped, 0..limit
         */
        public long skipArrivalsBefore(long endNs, long limit, SplittableRandom random) {
            if (limit <= 0 || endNs - startNs <= 0) {
                return 0;
            }
            if (process.kind == Kind.LINEAR) {
                double spanNs = (double) endNs - startNs;
                long last = (long) Math.floor(spanNs * process.ratePerSecond / NS_PER_SECOND);
                while (last >= 0 && Math.round(last * NS_PER_SECOND / process.ratePerSecond) >= endNs - startNs) {
                    last--;
                }
                while (Math.round((last + 1) * NS_PER_SECOND / process.ratePerSecond) < endNs - startNs) {
                    last++;
                }
                long skipped = Math.min(limit, Math.max(0, last + 1 - issued));
                issued += skipped;
                return skipped;
            }
            long skipped = 0;
            long lastNs = startNs;
            while (skipped < limit && skipped < MAX_GAPS_DRAWN_TO_SKIP) {
                lastNs = nextArrivalNs(random);
                if (lastNs - endNs >= 0) {
                    return skipped;
                }
                skipped++;
            }
            if (skipped == limit) {
                return skipped;
            }
            double lambda = (endNs - lastNs) * process.ratePerSecond / NS_PER_SECOND;
            // A standard normal by Box-Muller, with StrictMath so the count is the same on every JVM.
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double normal = StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
            long rest = Math.max(0, Math.round(lambda + StrictMath.sqrt(lambda) * normal));
            long total = Math.min(limit, skipped + rest);
            issued += total - skipped;
            return total;
        }

        /** @return how many arrivals {@link #nextArrivalNs} has returned */
        public long arrivals() {
            return issued;
        }

        public long startNs() {
            return startNs;
        }

        public ArrivalProcess process() {
            return process;
        }
    }
}
