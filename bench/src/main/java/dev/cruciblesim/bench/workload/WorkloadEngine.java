package dev.cruciblesim.bench.workload;

import dev.cruciblesim.bench.workload.trace.IologWriter;
import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.random.SeedStreamNames;
import dev.cruciblesim.sim.random.SeedStreams;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a workload's jobs against one upstairs through a {@link WorkloadPort}: the same code in real
 * and in virtual time. Single-threaded: everything here runs on the port's engine thread (the event
 * scheduler's in virtual time, the workload thread in real time), so nothing is locked in the
 * write oracle.
 *
 * <p>Seed streams: {@code workload:JOB} for a job's operations, sizes and offsets, and
 * {@code workload:JOB:arrivals} for its open-loop schedule, so a rate change does not reshuffle
 * which IOs a job issues.
 */
public final class WorkloadEngine {
    /** Iologs name one file, the volume; fio replays it against whatever file or device it is given. */
    public static final String IOLOG_FILE_NAME = "crucible-sim.vol";
    private static final int MAX_FAILURES_KEPT = 10;

    private final WorkloadPort port;
    private final Runnable onFinished;
    private final WriteOracle oracle;
    private final List<JobRunner> jobs = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final IologSink iologSink;
    private long startNs;
    private boolean started;
    private boolean stopped;
    private boolean interrupted;
    private int jobsDone;
    private long failureCount;
    private long nextWriteToken = 1;
    private long nextIoId = 1;
    private final JobProbes probes;

    /** An engine whose IOs move bytes, as every real-time run's do. */
    public WorkloadEngine(WorkloadSpec workload, RegionDefinition region, SeedStreams streams, WorkloadPort port,
            JobProbes probes, IologSink iologSink, Runnable onFinished) {
        this(workload, region, Payload.BYTES, streams, port, probes, iologSink, onFinished);
    }

    /**
     * @param payload    what reads and writes carry: bytes, or stamps (virtual time only; see {@link Payload})
     * @param probes     the workload probes to fire, or null for none
     * @param iologSink  where to write each job's issued IO stream as a fio v3 iolog, or null for none
     * @param onFinished runs once, on the engine's thread, when every job has finished
     */
    public WorkloadEngine(WorkloadSpec workload, RegionDefinition region, Payload payload, SeedStreams streams,
            WorkloadPort port, JobProbes probes, IologSink iologSink, Runnable onFinished) {
        this.port = port;
        this.probes = probes;
        this.onFinished = onFinished;
        this.iologSink = iologSink;
        this.oracle = workload.verifies() ? new WriteOracle(region.totalBlocks(), region.blockSizeBytes()) : null;
        for (JobSpec job : workload.jobs()) {
            // ':' cannot occur in a job name, so no job's stream can be another's.
            jobs.add(new JobRunner(this, job, port, region.blockSizeBytes(), payload == Payload.STAMPS,
                    streams.stream(SeedStreamNames.workloadJob(job.name())),
                    streams.stream(SeedStreamNames.workloadArrivals(job.name()))));
        }
    }

    /** Starts every job at the port's current time. */
    public void start() {
        if (started) {
            throw new IllegalStateException("the workload has started already");
        }
        started = true;
        startNs = port.nowNs();
        if (iologSink != null) {
            for (JobRunner job : jobs) {
                IologWriter writer = null;
                try {
                    writer = new IologWriter(iologSink.open(job.name()), IOLOG_FILE_NAME);
                    writer.begin();
                    job.exportTo(writer);
                } catch (IOException e) {
                    closeAfterFailure(writer);
                    fail("cannot write job " + job.name() + "'s iolog: " + e.getMessage());
                }
            }
        }
        for (JobRunner job : jobs) {
            job.start(startNs);
        }
    }

    /** Called by the runtime, on the engine's thread, for every IO the upstairs completed. */
    public void completed(GuestIo io) {
        io.job.completed(io);
    }

    /** @return true once every job has finished (nothing in flight, nothing more to issue) */
    public boolean finished() {
        return started && jobsDone == jobs.size();
    }

    /** Records a failure that stops every job from issuing more IO (e.g. the upstairs going fatal). */
    public void fail(String message) {
        boolean first = !stopped;
        stopped = true;
        failureCount++;
        if (failures.size() < MAX_FAILURES_KEPT) {
            failures.add(message);
        }
        if (first && started) {
            // Pending arrivals are cancelled, so the run ends as soon as what is in flight comes back.
            for (JobRunner job : jobs) {
                job.stop();
            }
        }
    }

    /**
     * Stops every job from issuing more IO, as a {@link StopRequest} asks: no failure, the run ends once what is in
     * flight is back. An open loop's arrivals already due count as unissued; those not yet due do not, as the run
     * ends here, not at the runtime's end. Before {@link #start()}, the jobs start and end at once. A workload that
     * has finished or failed is not interrupted: nothing of it changes.
     */
    public void interrupt() {
        if (stopped || finished()) {
            return;
        }
        if (started) {
            long nowNs = port.nowNs();
            // While the engine still lets the jobs draw their arrivals.
            for (JobRunner job : jobs) {
                job.countDueAsUnissued(nowNs);
            }
        }
        stopped = true;
        interrupted = true;
        if (started) {
            for (JobRunner job : jobs) {
                job.stop();
            }
        }
    }

    /** @return true once a failure or an interrupt has stopped the jobs from issuing */
    public boolean stopped() {
        return stopped;
    }

    /** @return whether {@link #interrupt()} stopped the jobs (and no failure did first) */
    public boolean interrupted() {
        return interrupted;
    }

    WriteOracle oracle() {
        return oracle;
    }

    long nextWriteToken() {
        return nextWriteToken++;
    }

    long nextIoId() {
        return nextIoId++;
    }

    JobProbes probes() {
        return probes;
    }

    void jobDone(JobRunner job) {
        // Decided before closing the iolog: a failure while closing stops the other jobs, which may finish
        // inside this call, and the workload must still finish exactly once.
        boolean last = ++jobsDone == jobs.size();
        closeIolog(job);
        if (last) {
            onFinished.run();
        }
    }

    /** @return whether a job is waiting for a scheduled arrival, so that a quiet upstairs is a pause, not a hang */
    public boolean awaitingArrival() {
        for (JobRunner job : jobs) {
            if (job.awaitingArrival()) {
                return true;
            }
        }
        return false;
    }

    void logIssued(JobRunner job, long nowNs, IoOp op, long offsetBytes, int lengthBytes) {
        try {
            job.iolog().io((nowNs - startNs) / 1000, JobRunner.traceOp(op), offsetBytes, lengthBytes);
        } catch (IOException e) {
            IologWriter writer = job.iolog();
            job.exportTo(null);
            closeAfterFailure(writer);
            fail("cannot write job " + job.name() + "'s iolog: " + e.getMessage());
        }
    }

    private static void closeAfterFailure(IologWriter writer) {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException ignored) {
            // The write failure is what the run reports; a second one while closing adds nothing.
        }
    }

    /** Ends and closes every iolog still open; safe to call on any path, any number of times. */
    public void closeIologs() {
        for (JobRunner job : jobs) {
            closeIolog(job);
        }
    }

    /** Writes the job's close line (at the job's own end) and closes its iolog, if it has one open. */
    private void closeIolog(JobRunner job) {
        IologWriter writer = job.iolog();
        if (writer == null) {
            return;
        }
        job.exportTo(null);
        try {
            writer.end(Math.max(0, (port.nowNs() - startNs) / 1000));
        } catch (IOException e) {
            fail("cannot write job " + job.name() + "'s iolog: " + e.getMessage());
        } finally {
            try {
                writer.close();
            } catch (IOException e) {
                fail("cannot close job " + job.name() + "'s iolog: " + e.getMessage());
            }
        }
    }

    /** What the workload did so far; after {@link #finished()}, what it did. Closes the iologs. */
    public WorkloadResult result() {
        closeIologs();
        List<JobResult> results = new ArrayList<>();
        for (JobRunner job : jobs) {
            results.add(job.result());
        }
        return WorkloadResult.of(results, failureCount, failures);
    }
}
