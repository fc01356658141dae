package dev.cruciblesim.bench.workload;

import java.io.IOException;
import java.io.Writer;

/** Where a run writes each job's issued IO stream as a fio v3 iolog. */
@FunctionalInterface
public interface IologSink {
    /** @return a writer for job {@code jobName}'s iolog; the engine closes it */
    Writer open(String jobName) throws IOException;
}
