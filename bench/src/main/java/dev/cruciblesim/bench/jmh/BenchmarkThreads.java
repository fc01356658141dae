package dev.cruciblesim.bench.jmh;

/** Threads the benchmarks start beside JMH's own: daemons, so that a benchmark that fails leaves none behind. */
final class BenchmarkThreads {
    private BenchmarkThreads() {
    }

    static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
