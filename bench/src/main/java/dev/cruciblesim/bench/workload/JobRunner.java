package dev.cruciblesim.bench.workload;

import dev.cruciblesim.bench.workload.gen.ArrivalProcess;
import dev.cruciblesim.bench.workload.trace.IologWriter;
import dev.cruciblesim.bench.workload.trace.TraceOp;
import dev.cruciblesim.sim.event.EventHandler;
import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.time.SaturatingTime;

import java.util.SplittableRandom;

/**
 * One job in flight: issues its IOs, in a closed loop (the next IO the moment one completes, at
 * most {@code iodepth} outstanding) or an open loop (IOs meant to start at scheduled times).
 * Single-threaded, on the engine's thread.
 *
 * <p>An open loop draws its schedule lazily: the next intended start is the only one held, and a
 * timer is armed for it only while a slot is free. When {@code iodepth} IOs are outstanding, the
 * IOs that fall due wait in the schedule itself, and each is issued, as soon as a slot frees,
 * with its latency still counted from its intended start. So a rate far beyond what the volume
 * sustains costs no memory; when the runtime ends, the arrivals that came due but were never
 * issued are counted as unissued.
 */
final class JobRunner implements EventHandler {
    private final WorkloadEngine engine;
    private final JobSpec spec;
    private final WorkloadPort port;
    private final IoSource source;
    private final ReplayedIoSource replay;
    private final SplittableRandom arrivalRandom;
    /** {@link JobSpec#openLoop()}, asked on every completion. */
    private final boolean openLoop;
    private final int blockSizeBytes;
    private final GuestIo[] idle;
    private int idleCount;
    /** Whether IOs move stamps rather than bytes ({@link Payload#STAMPS}). */
    private final boolean stamps;
    /** Whether every write has {@link #fixedToken} (zeros, a buffer_pattern) rather than a fresh token of its own. */
    private final boolean fixedContent;
    /** Bytes only: write arrays for zero and pattern buffers, by block count; they never change, so IOs share them. */
    private final byte[][] fixedBuffers;
    private final long fixedToken;

    private final GuestLatency service = new GuestLatency();
    /** Open loop only: a closed loop's response is its service and its lag is 0 (see {@link #result()}). */
    private final GuestLatency response;
    private final GuestLatency lag;
    private ArrivalProcess.Schedule schedule;
    private long startNs;
    /** Valid once {@link #issued} is above 0. */
    private long firstSubmissionNs;
    private long lastCompletionNs;
    private long issued;
    private long arrived;
    /** Open loop: the next intended start not yet issued, valid while {@link #arrivalPending}. */
    private long nextArrivalNs;
    private boolean arrivalPending;
    private boolean timerArmed;
    private int inFlight;
    private long reads;
    private long writes;
    private long flushes;
    private long verifiedReads;
    private long unissued;
    private boolean sourceDone;
    private boolean done;
    private IologWriter iolog;

    JobRunner(WorkloadEngine engine, JobSpec spec, WorkloadPort port, int blockSizeBytes, boolean stamps,
            SplittableRandom random, SplittableRandom arrivalRandom) {
        this.engine = engine;
        this.stamps = stamps;
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
        this.arrivalRandom = arrivalRandom;
        this.openLoop = spec.openLoop();
        this.response = openLoop ? new GuestLatency() : null;
        this.lag = openLoop ? new GuestLatency() : null;
        this.idle = new GuestIo[spec.ioDepth()];
        for (int i = 0; i < idle.length; i++) {
            idle[i] = new GuestIo(this, port);
        }
        this.idleCount = idle.length;
        this.fixedContent = spec.buffer().kind() != BufferContent.Kind.RANDOM;
        this.fixedBuffers = !fixedContent || stamps ? null
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
        if (openLoop) {
            schedule = spec.arrivals() == null ? null : spec.arrivals().startingAt(nowNs);
            drawArrival();
            issueDueArrivals(nowNs, true);
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

    /** @return whether the job waits for a scheduled arrival (an open loop between IOs, or a trace's pause) */
    boolean awaitingArrival() {
        return !done && arrivalPending;
    }

    /**
     * The engine stopped on a failure or an interrupt: no more arrivals; the job is done once its IOs are back.
     * Arrivals a failed run never reached are not counted as unissued (an interrupt counts the due ones first,
     * {@link #countDueAsUnissued}).
     */
    void stop() {
        arrivalPending = false;
        checkDone();
    }

    // ---------------------------------------------------------------- open loop

    /** Draws the next intended start into {@link #nextArrivalNs}, or clears {@link #arrivalPending} at the end. */
    private void drawArrival() {
        arrivalPending = false;
        if (engine.stopped() || (spec.numberIos() > 0 && arrived >= spec.numberIos())) {
            return;
        }
        long atNs;
        if (replay != null) {
            if (!replay.hasArrival()) {
                return;
            }
            atNs = SaturatingTime.plus(startNs, replay.nextArrivalOffsetNs());
        } else {
            atNs = schedule.nextArrivalNs(arrivalRandom);
        }
        if (spec.runtimeNs() > 0 && atNs - startNs >= spec.runtimeNs()) {
            return;
        }
        arrived++;
        nextArrivalNs = atNs;
        arrivalPending = true;
    }

    /**
     * Issues every arrival that is due while a slot is free; arms a timer for the next one when it is not yet due.
     *
     * @param onTimer whether the arrival timer called: an arrival it finds due with a slot free was on schedule
     *                (in real time the timer may fire a little late) and is issued even if the runtime ended since;
     *                arrivals found due when a completion frees a slot had been waiting for one
     */
    private void issueDueArrivals(long nowNs, boolean onTimer) {
        while (arrivalPending) {
            boolean due = nextArrivalNs - nowNs <= 0;
            boolean slotFree = inFlight < spec.ioDepth();
            if (spec.runtimeNs() > 0 && nowNs - startNs >= spec.runtimeNs() && !(onTimer && due && slotFree)) {
                // The runtime is over: what came due but never went out is counted, not issued.
                countRemainingAsUnissued();
                return;
            }
            if (!due) {
                if (!timerArmed) {
                    timerArmed = true;
                    port.schedule(nextArrivalNs, this, null, 0);
                }
                return;
            }
            if (!slotFree) {
                return;
            }
            issue(nextArrivalNs);
            drawArrival();
        }
    }

    /** At the runtime's end: the pending arrival and every later one before the end become unissued. */
    private void countRemainingAsUnissued() {
        countUnissuedBefore(startNs + spec.runtimeNs());
    }

    /**
     * At an interrupt, before the engine stops: the arrivals already due (waiting for a free slot)
     * become unissued, as at the runtime's end; those not yet due are not counted, since the run
     * ends now. An overloaded open loop so keeps the count that shows it could not keep up.
     */
    void countDueAsUnissued(long nowNs) {
        if (done || !openLoop || !arrivalPending || nextArrivalNs - nowNs > 0) {
            return;
        }
        long endNs = nowNs + 1;
        if (spec.runtimeNs() > 0 && startNs + spec.runtimeNs() - endNs < 0) {
            endNs = startNs + spec.runtimeNs();
        }
        countUnissuedBefore(endNs);
    }

    /** The pending arrival, which is before {@code endNs}, and every later one before it become unissued. */
    private void countUnissuedBefore(long endNs) {
        unissued++;
        arrivalPending = false;
        if (replay != null) {
            // A trace's arrivals are as many as its lines: walk them.
            drawArrival();
            while (arrivalPending && nextArrivalNs - endNs < 0) {
                unissued++;
                drawArrival();
            }
            arrivalPending = false;
            return;
        }
        long limit = spec.numberIos() > 0 ? spec.numberIos() - arrived : Long.MAX_VALUE;
        long skipped = schedule.skipArrivalsBefore(endNs, limit, arrivalRandom);
        unissued += skipped;
        arrived += skipped;
    }

    /** The timer for the next arrival. */
    @Override
    public void onEvent(Object payload, long arg) {
        timerArmed = false;
        issueDueArrivals(port.nowNs(), true);
        checkDone();
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
        io.stamped = stamps && io.op != IoOp.FLUSH;
        io.pooledData = false;
        switch (io.op) {
            case READ -> {
                if (stamps) {
                    // Reused, as the bytes buffer is: the upstairs copies the stamps in before completing.
                    if (io.readStamps == null || io.readStamps.length < io.blockCount) {
                        io.readStamps = new long[io.blockCount];
                    }
                    io.data = null;
                } else {
                    if (io.readBuffer == null || io.readBuffer.length != ioBytes) {
                        io.readBuffer = new byte[ioBytes];
                    }
                    io.data = io.readBuffer;
                }
                if (oracle != null && spec.verify()) {
                    if (io.expectedTokens == null || io.expectedTokens.length < io.blockCount) {
                        io.expectedTokens = new long[Math.max(io.blockCount, 1)];
                    }
                    oracle.snapshot(io.firstBlock, io.blockCount, io.expectedTokens);
                }
            }
            case WRITE -> {
                if (stamps) {
                    // The token is the write's whole content: no array is made, whatever the size.
                    io.data = null;
                    io.token = fixedContent ? fixedToken : engine.nextWriteToken();
                } else if (fixedBuffers != null) {
                    io.data = fixedBuffer(io.blockCount);
                    io.token = fixedToken;
                } else {
                    // A write's array travels to three downstairs and may be kept as the block: always fresh, or the
                    // upstairs' own from its pool, which it takes back only once no downstairs holds it.
                    io.data = port.writeBuffer(ioBytes);
                    io.pooledData = port.writeBuffersPooled();
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
        if (issued == 1) {
            firstSubmissionNs = nowNs;
        }
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

    private byte[] fixedBuffer(int blockCount) {
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
        long completedNs = io.completedNs;
        // The latest, not the last handed over: in real time two completion paths may interleave.
        if (completedNs - lastCompletionNs > 0) {
            lastCompletionNs = completedNs;
        }
        inFlight--;
        int ioBytes = io.blockCount * blockSizeBytes;
        service.record(io.op, completedNs - io.submittedNs, ioBytes);
        if (response != null) {
            response.record(io.op, completedNs - io.intendedNs, ioBytes);
            lag.record(io.op, io.submittedNs - io.intendedNs, 0);
        }
        String error = io.error;
        switch (io.op) {
            case READ -> {
                reads++;
                WriteOracle oracle = engine.oracle();
                if (error == null && oracle != null && spec.verify()) {
                    String mismatch = io.stamped
                            ? oracle.verifyStamps(io.firstBlock, io.blockCount, io.readStamps, io.expectedTokens)
                            : oracle.verify(io.firstBlock, io.data, io.expectedTokens);
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
        io.pooledData = false;
        io.error = null;
        idle[idleCount++] = io;

        long nowNs = port.nowNs();
        if (openLoop) {
            issueDueArrivals(nowNs, false);
        } else if (mayIssue(nowNs)) {
            issue(nowNs);
        }
        checkDone();
    }

    private void checkDone() {
        if (done || inFlight > 0) {
            return;
        }
        boolean finished = openLoop ? !arrivalPending : !mayIssue(port.nowNs());
        if (finished) {
            done = true;
            engine.jobDone(this);
        }
    }

    JobResult result() {
        GuestLatency responseLatency = response;
        GuestLatency lagLatency = lag;
        if (responseLatency == null) {
            // A closed loop issues each IO the moment it is meant to start: response is service, lag is 0.
            responseLatency = new GuestLatency();
            lagLatency = new GuestLatency();
            for (IoOp op : IoOp.values()) {
                responseLatency.add(op, service);
                lagLatency.recordZeros(op, service.of(op).count());
            }
        }
        MeasuredSpan span = reads + writes + flushes > 0 ? MeasuredSpan.of(firstSubmissionNs, lastCompletionNs)
                : MeasuredSpan.none();
        return new JobResult(spec.name(), reads, writes, flushes, verifiedReads, unissued,
                replay == null ? 0 : replay.skippedTrims(), span, service, responseLatency, lagLatency);
    }

    static TraceOp traceOp(IoOp op) {
        return switch (op) {
            case READ -> TraceOp.READ;
            case WRITE -> TraceOp.WRITE;
            default -> TraceOp.FLUSH;
        };
    }
}
