package dev.cruciblesim.bench.workload;

import dev.cruciblesim.bench.scenario.HarnessLimits;
import dev.cruciblesim.bench.scenario.JobSpec;
import dev.cruciblesim.bench.workload.gen.ArrivalProcess;
import dev.cruciblesim.bench.workload.trace.IologWriter;
import dev.cruciblesim.bench.workload.trace.TraceOp;
import dev.cruciblesim.sim.event.EventHandler;
import dev.cruciblesim.sim.protocol.IoOp;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * One job in flight: issues its IOs, in a closed loop (the next IO the moment one completes, at
 * most {@code iodepth} outstanding) or an open loop (IOs meant to start at scheduled times; when
 * {@code iodepth} are already outstanding the next waits in a backlog, and its latency still
 * counts from the time it was meant to start). Single-threaded, on the engine's thread.
 */
final class JobRunner implements EventHandler {
    private final WorkloadEngine engine;
    private final JobSpec spec;
    private final WorkloadPort port;
    private final IoSource source;
    private final ReplayedIoSource replay;
    private final ArrivalProcess arrivals;
    private final SplittableRandom arrivalRandom;
    private ArrivalProcess.Schedule schedule;
    private final int blockSizeBytes;
    private final GuestIo[] idle;
    private int idleCount;
    /** Intended start times of IOs that arrived while {@code iodepth} were outstanding, oldest first. */
    private long[] backlog = new long[16];
    private int backlogHead;
    private int backlogSize;
    /** Shared write arrays for zero and pattern buffers, by block count: they never change, so IOs may share them. */
    private final byte[][] fixedBuffers;
    private final long fixedToken;

    private final GuestLatency service = new GuestLatency();
    private final GuestLatency response = new GuestLatency();
    private final GuestLatency lag = new GuestLatency();
    private long startNs;
    private long lastCompletionNs;
    private long issued;
    private long arrived;
    private int inFlight;
    private long reads;
    private long writes;
    private long flushes;
    private long verifiedReads;
    private long unissued;
    private boolean sourceDone;
    private boolean arrivalsDone;
    private boolean done;
    private IologWriter iolog;

    JobRunner(WorkloadEngine engine, JobSpec spec, WorkloadPort port, int blockSizeBytes, SplittableRandom random,
            SplittableRandom arrivalRandom) {
        this.engine = engine;
        this.spec = spec;
        this.port = port;
        this.blockSizeBytes = blockSizeBytes;
        if (spec.replay() != null) {
            this.replay = new ReplayedIoSource(spec.replay(), blockSizeBytes);
            this.source = replay;
        } else {
            this.replay = null;
            this.source = new GeneratedIoSource(spec, blockSizeBytes, random);
        }
        this.arrivals = spec.arrivals();
        this.arrivalRandom = arrivalRandom;
        this.idle = new GuestIo[spec.ioDepth()];
        for (int i = 0; i < idle.length; i++) {
            idle[i] = new GuestIo(this, port);
        }
        this.idleCount = idle.length;
        this.fixedBuffers = spec.buffer().kind() == BufferContent.Kind.RANDOM ? null
                : new byte[HarnessLimits.MAX_IO_BYTES / blockSizeBytes + 1][];
        this.fixedToken = spec.buffer().kind() == BufferContent.Kind.PATTERN && engine.oracle() != null
                ? engine.oracle().patternToken(spec.buffer().patternBytes()) : DataPattern.NEVER_WRITTEN;
    }

    String name() {
        return spec.name();
    }

    JobProbes probes() {
        return engine.probes();
    }

    void exportTo(IologWriter writer) {
        this.iolog = writer;
    }

    IologWriter iolog() {
        return iolog;
    }

    void start(long nowNs) {
        startNs = nowNs;
        lastCompletionNs = nowNs;
        if (spec.openLoop()) {
            schedule = arrivals == null ? null : arrivals.startingAt(nowNs);
            scheduleNextArrival(nowNs);
        } else {
            while (inFlight < spec.ioDepth() && mayIssue(nowNs) && issue(nowNs)) {
                // Fill the queue depth.
            }
        }
        checkDone();
    }

    boolean done() {
        return done;
    }

    // ---------------------------------------------------------------- open loop

    private void scheduleNextArrival(long nowNs) {
        if (engine.stopped() || (spec.numberIos() > 0 && arrived >= spec.numberIos())) {
            arrivalsDone = true;
            return;
        }
        long atNs;
        if (replay != null) {
            if (!replay.hasArrival()) {
                arrivalsDone = true;
                return;
            }
            atNs = startNs + replay.nextArrivalOffsetNs();
        } else {
            atNs = schedule.nextArrivalNs(arrivalRandom);
        }
        if (spec.runtimeNs() > 0 && atNs - startNs >= spec.runtimeNs()) {
            arrivalsDone = true;
            return;
        }
        port.schedule(Math.max(atNs, nowNs), this, null, atNs);
    }

    /** An open-loop arrival: {@code intendedNs} is when the IO is meant to start. */
    @Override
    public void onEvent(Object payload, long intendedNs) {
        arrived++;
        long nowNs = port.nowNs();
        if (engine.stopped()) {
            unissued++;
        } else if (inFlight < spec.ioDepth() && backlogSize == 0) {
            issue(intendedNs);
        } else {
            pushBacklog(intendedNs);
        }
        scheduleNextArrival(nowNs);
        checkDone();
    }

    private void pushBacklog(long intendedNs) {
        if (backlogSize == backlog.length) {
            long[] grown = new long[backlog.length * 2];
            for (int i = 0; i < backlogSize; i++) {
                grown[i] = backlog[(backlogHead + i) & (backlog.length - 1)];
            }
            backlog = grown;
            backlogHead = 0;
        }
        backlog[(backlogHead + backlogSize) & (backlog.length - 1)] = intendedNs;
        backlogSize++;
    }

    private long pollBacklog() {
        long intendedNs = backlog[backlogHead];
        backlogHead = (backlogHead + 1) & (backlog.length - 1);
        backlogSize--;
        return intendedNs;
    }

    // ---------------------------------------------------------------- issuing

    /** Closed loop: whether another IO may start now. */
    private boolean mayIssue(long nowNs) {
        return !engine.stopped() && !sourceDone
                && (spec.numberIos() == 0 || issued < spec.numberIos())
                && (spec.runtimeNs() == 0 || nowNs - startNs < spec.runtimeNs());
    }

    /** @return false when the source has run out */
    private boolean issue(long intendedNs) {
        GuestIo io = idle[--idleCount];
        if (!source.next(io)) {
            idleCount++;
            sourceDone = true;
            return false;
        }
        issued++;
        inFlight++;
        WriteOracle oracle = engine.oracle();
        int ioBytes = io.blockCount * blockSizeBytes;
        switch (io.op) {
            case READ -> {
                if (io.readBuffer == null || io.readBuffer.length != ioBytes) {
                    io.readBuffer = new byte[ioBytes];
                }
                io.data = io.readBuffer;
                if (oracle != null && spec.verify()) {
                    if (io.expectedTokens == null || io.expectedTokens.length < io.blockCount) {
                        io.expectedTokens = new long[Math.max(io.blockCount, 1)];
                    }
                    oracle.snapshot(io.firstBlock, io.blockCount, io.expectedTokens);
                }
            }
            case WRITE -> {
                if (fixedBuffers != null) {
                    io.data = fixedBuffer(io.blockCount, oracle);
                    io.token = fixedToken;
                } else {
                    // A write's array travels to three downstairs and may be kept as the block: always fresh.
                    io.data = new byte[ioBytes];
                    io.token = engine.nextWriteToken();
                    for (int i = 0; i < io.blockCount; i++) {
                        DataPattern.fill(io.data, i * blockSizeBytes, blockSizeBytes, io.firstBlock + i, io.token);
                    }
                }
                if (oracle != null) {
                    oracle.written(io.firstBlock, io.blockCount, io.token);
                }
            }
            default -> io.data = null;
        }
        long nowNs = port.nowNs();
        io.intendedNs = intendedNs;
        io.submittedNs = nowNs;
        io.ioId = engine.nextIoId();
        JobProbes probes = engine.probes();
        if (probes != null) {
            probes.start(io.op).fire(io.ioId, Math.max(nowNs - intendedNs, 0));
        }
        if (iolog != null) {
            engine.logIssued(this, nowNs, io.op, io.firstBlock * blockSizeBytes, ioBytes);
        }
        port.submit(io);
        return true;
    }

    private byte[] fixedBuffer(int blockCount, WriteOracle oracle) {
        byte[] buffer = fixedBuffers[blockCount];
        if (buffer == null) {
            buffer = new byte[blockCount * blockSizeBytes];
            if (spec.buffer().kind() == BufferContent.Kind.PATTERN) {
                byte[] pattern = spec.buffer().patternBytes();
                for (int i = 0; i < blockCount; i++) {
                    DataPattern.fillRepeating(buffer, i * blockSizeBytes, blockSizeBytes, pattern);
                }
            }
            fixedBuffers[blockCount] = buffer;
        }
        return buffer;
    }

    // ---------------------------------------------------------------- completion

    void completed(GuestIo io) {
        long nowNs = io.completedNs;
        lastCompletionNs = nowNs;
        inFlight--;
        int ioBytes = io.blockCount * blockSizeBytes;
        service.record(io.op, nowNs - io.submittedNs, ioBytes);
        if (spec.openLoop()) {
            response.record(io.op, nowNs - io.intendedNs, ioBytes);
            lag.record(io.op, io.submittedNs - io.intendedNs, 0);
        }
        String error = io.error;
        switch (io.op) {
            case READ -> {
                reads++;
                WriteOracle oracle = engine.oracle();
                if (error == null && oracle != null && spec.verify()) {
                    String mismatch = oracle.verify(io.firstBlock, io.data, io.expectedTokens);
                    if (mismatch == null) {
                        verifiedReads++;
                    } else {
                        engine.fail("job " + spec.name() + ": " + mismatch);
                    }
                }
            }
            case WRITE -> writes++;
            default -> flushes++;
        }
        if (error != null) {
            engine.fail("job " + spec.name() + ": " + io.op.probeName()
                    + (io.op == IoOp.FLUSH ? "" : " of block " + io.firstBlock) + " failed: " + error);
        }
        io.data = null;
        io.error = null;
        idle[idleCount++] = io;

        long now = port.nowNs();
        if (spec.openLoop()) {
            if (backlogSize > 0) {
                if (engine.stopped() || (spec.runtimeNs() > 0 && now - startNs >= spec.runtimeNs())) {
                    unissued += backlogSize;
                    backlogSize = 0;
                } else {
                    issue(pollBacklog());
                }
            }
        } else if (mayIssue(now)) {
            issue(now);
        }
        checkDone();
    }

    private void checkDone() {
        if (done || inFlight > 0) {
            return;
        }
        boolean finished = spec.openLoop() ? arrivalsDone && backlogSize == 0 : !mayIssue(port.nowNs());
        if (finished) {
            done = true;
            engine.jobDone(this);
        }
    }

    JobResult result() {
        if (!spec.openLoop()) {
            // A closed loop issues each IO the moment it is meant to start: response is service, lag is 0.
            GuestLatency closedResponse = new GuestLatency();
            GuestLatency closedLag = new GuestLatency();
            for (IoOp op : IoOp.values()) {
                closedResponse.add(op, service);
                closedLag.recordZeros(op, service.histogram(op).getTotalCount());
            }
            return new JobResult(spec.name(), reads, writes, flushes, verifiedReads, unissued,
                    replay == null ? 0 : replay.skippedTrims(), lastCompletionNs - startNs, service, closedResponse,
                    closedLag);
        }
        return new JobResult(spec.name(), reads, writes, flushes, verifiedReads, unissued,
                replay == null ? 0 : replay.skippedTrims(), lastCompletionNs - startNs, service, response, lag);
    }

    static TraceOp traceOp(IoOp op) {
        return switch (op) {
            case READ -> TraceOp.READ;
            case WRITE -> TraceOp.WRITE;
            default -> TraceOp.FLUSH;
        };
    }
}
