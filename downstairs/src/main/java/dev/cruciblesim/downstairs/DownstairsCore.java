package dev.cruciblesim.downstairs;

import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.region.RegionException;
import dev.cruciblesim.downstairs.repair.RepairEndpoint;
import dev.cruciblesim.downstairs.repair.RepairException;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.ExtentClose;
import dev.cruciblesim.sim.protocol.ExtentError;
import dev.cruciblesim.sim.protocol.ExtentFlush;
import dev.cruciblesim.sim.protocol.ExtentReopen;
import dev.cruciblesim.sim.protocol.ExtentRepair;
import dev.cruciblesim.sim.protocol.ExtentVersionsPlease;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.LastFlush;
import dev.cruciblesim.sim.protocol.LastFlushAck;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RegionInfo;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.RepairAckId;
import dev.cruciblesim.sim.protocol.UuidMismatch;
import dev.cruciblesim.sim.protocol.VersionMismatch;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNowActive;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.time.SaturatingTime;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.tracing.probe.CrucibleProbes;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeRegistry;

import java.util.Objects;

/**
 * One downstairs as a single-threaded state machine: negotiation, and revision O job execution
 * ({@code DL@O:496-573}, {@code DL@O:1132-1176}, {@code DL@O:1339-1455}).
 *
 * <pre>
 *  apply(IO) ─▶ submit-X-start ─▶ pending (by id) ─▶ runnable? ─▶ os-X-start ─▶ region IO
 *                                                       ─▶ [service time] ─▶ os-X-done
 *                                                       ─▶ submit-X-done ─▶ reply ─▶ completed
 * </pre>
 *
 * <p>A job is runnable when every id in its dependency range is at most the id of the last
 * completed flush or completed since that flush. Runnable jobs execute one at a time, lowest id
 * first; after each completion the pending jobs are scanned again from the lowest id, since the
 * completion may have released a lower job. A completed flush sets the last-flush id and empties
 * the completed set. A job that ended in an error still counts as completed, as in O, where
 * {@code complete_work} runs whatever {@code do_work} returned: the upstairs decides what an
 * error means.
 *
 * <p>Probes: every accepted job fires {@code submit-X-start}, {@code os-X-start},
 * {@code os-X-done} and {@code submit-X-done} exactly once, in that order, with arg0 = job id,
 * then its reply is sent; a job whose region IO fails fires all four too (the os pair brackets
 * the attempt) and is answered with an error. A request refused at the door (no active upstairs,
 * a job id already seen, dependencies that are not all earlier ids) fires nothing, since it never became work, and is answered at once
 * with an error, so that start/done pairs in scripts never dangle.
 *
 * <p>Simulated service time: a {@link ServiceTimeModel} gives each job a delay between
 * {@code os-X-start} and {@code os-X-done}. With {@link ServiceTimeModel#ZERO} (the default)
 * every job completes inside the {@code apply} that made it runnable. Otherwise the core is
 * {@link #isBusy() busy} until {@link #busyUntilNs()}; new messages are still accepted and queued,
 * and the runtime calls {@link #poll()} once its clock has reached that time.
 *
 * <p>Negotiation follows O's order (§7.4) but is answered leniently in any order; only IO is
 * refused before {@code PromoteToActive}. A promote from a different upstairs takes over: queued
 * and in-progress jobs of the previous one are dropped without replies or probes, and the
 * completed-job bookkeeping starts afresh because the new upstairs numbers its jobs anew.
 *
 * <p>Start-up reconciliation (O, §6.1): {@code ExtentFlush}, {@code ExtentClose}, {@code ExtentRepair} and
 * {@code ExtentReopen} act on one extent each and are answered {@code RepairAckId} or, with the reason,
 * {@code ExtentError}. They are taken only from the active upstairs and only while no job is queued or running,
 * since the upstairs reconciles before it sends any IO; a closed extent refuses IO meanwhile. {@code ExtentRepair}
 * copies the extent whole from the source through the {@link RepairEndpoint}'s source, on this thread (see
 * {@link dev.cruciblesim.downstairs.repair.RepairSource}); {@code ExtentFlush}'s client id is not checked, as O's
 * downstairs does not: it does not know its client id, and the upstairs sends the flush to the source alone.
 *
 * <p>Threading: no locks, no threads, no sleeping; time comes only from the given clock. Every
 * method must be called from the one thread that owns the core. Allocation per IO: the reply
 * record and, for reads, the data array (or the stamps, one long per block; a one-block read of
 * bytes shares the store's block); queueing and dependency checks allocate nothing.
 */
public final class DownstairsCore {
    /** O's {@code Work.last_flush} starts at job id 0: deps on ids below 1000 are met from the start. */
    static final long INITIAL_LAST_FLUSH_JOB_ID = 0;

    private final DownstairsConfig config;
    private final Region region;
    private final NanoClock clock;
    private final MessageSink<Message.ToUpstairs> replies;
    private final ServiceTimeModel serviceTimeModel;
    /** The injector's switches, or null when no fault is injected: then nothing is checked per job. */
    private final DownstairsFaults faults;
    private final RepairEndpoint repair;
    private final Probe[] submitStartProbes;
    private final Probe[] osStartProbes;
    private final Probe[] osDoneProbes;
    private final Probe[] submitDoneProbes;

    private boolean active;
    private long activeUpstairsId;

    private final PendingJobs pending = new PendingJobs();
    /** The busy job was overtaken by a replay: it finishes without a reply or a completion of its own. */
    private boolean dropCurrentReply;
    private final CompletedJobs completedSinceLastFlush = new CompletedJobs();
    private long lastFlushJobId = INITIAL_LAST_FLUSH_JOB_ID;

    /** The job between os-X-start and os-X-done, or null when idle. */
    private Message.JobRequest currentJob;
    private long currentJobId;
    private IoOp currentOp;
    private Message.ToUpstairs currentReply;
    private long currentDoneAtNs;

    /** Creates a core whose jobs take no simulated time. */
    public DownstairsCore(DownstairsConfig config, Region region, NanoClock clock, ProbeRegistry probes,
            MessageSink<Message.ToUpstairs> replies) {
        this(config, region, clock, probes, replies, ServiceTimeModel.ZERO);
    }

    /**
     * @param probes  where this downstairs' {@code crucible_downstairs} probes are created, with
     *                {@code config.instanceId()} as their instance id and timestamps from {@code clock}
     * @param replies receives every reply, on the thread that calls {@link #apply} or {@link #poll}
     */
    public DownstairsCore(DownstairsConfig config, Region region, NanoClock clock, ProbeRegistry probes,
            MessageSink<Message.ToUpstairs> replies, ServiceTimeModel serviceTimeModel) {
        this(config, region, clock, probes, replies, serviceTimeModel, RepairEndpoint.NONE);
    }

    /**
     * @param repair where this downstairs' repair server is, for {@code YesItsMe}, and how it fetches an extent it is
     *               told to repair; {@link RepairEndpoint#NONE} refuses every {@code ExtentRepair}
     */
    public DownstairsCore(DownstairsConfig config, Region region, NanoClock clock, ProbeRegistry probes,
            MessageSink<Message.ToUpstairs> replies, ServiceTimeModel serviceTimeModel, RepairEndpoint repair) {
        this.repair = Objects.requireNonNull(repair, "repair");
        this.config = Objects.requireNonNull(config, "config");
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.serviceTimeModel = Objects.requireNonNull(serviceTimeModel, "serviceTimeModel");
        this.faults = config.faults();
        Objects.requireNonNull(probes, "probes");
        if (!region.definition().equals(config.region())) {
            throw new IllegalArgumentException("downstairs " + config.instanceId() + ": region is "
                    + region.definition() + " but the configuration says " + config.region());
        }
        int opCount = IoOp.values().length;
        submitStartProbes = new Probe[opCount];
        osStartProbes = new Probe[opCount];
        osDoneProbes = new Probe[opCount];
        submitDoneProbes = new Probe[opCount];
        for (IoOp op : IoOp.values()) {
            int i = op.ordinal();
            submitStartProbes[i] = probes.create(CrucibleProbes.submitStart(op), config.instanceId(), clock);
            osStartProbes[i] = probes.create(CrucibleProbes.osStart(op), config.instanceId(), clock);
            osDoneProbes[i] = probes.create(CrucibleProbes.osDone(op), config.instanceId(), clock);
            submitDoneProbes[i] = probes.create(CrucibleProbes.submitDone(op), config.instanceId(), clock);
        }
    }

    /** Handles one message from the upstairs; replies go to the sink before this returns, unless a job is still busy. */
    public void apply(Message.ToDownstairs message) {
        Objects.requireNonNull(message, "message");
        if (message instanceof Message.JobRequest job) {
            accept(job);
        } else if (message instanceof HereIAm hello) {
            if (hello.version() != ProtocolVersion.CURRENT) {
                replies.send(new VersionMismatch(ProtocolVersion.CURRENT));
            } else if (!hello.accepts(region.uuid())) {
                replies.send(new UuidMismatch(region.uuid()));
            } else {
                replies.send(new YesItsMe(ProtocolVersion.CURRENT, repair.address()));
            }
        } else if (message instanceof PromoteToActive promote) {
            promote(promote.upstairsId());
        } else if (message instanceof RegionInfoPlease) {
            replies.send(new RegionInfo(region.definition(), region.uuid()));
        } else if (message instanceof ExtentVersionsPlease) {
            replies.send(region.extentVersions());
        } else if (message instanceof LastFlush lastFlush) {
            resumeAfter(lastFlush.lastFlushJobId());
        } else if (message instanceof ExtentFlush flush) {
            reconcile(message, flush.repairId(), flush.extentId());
        } else if (message instanceof ExtentClose close) {
            reconcile(message, close.repairId(), close.extentId());
        } else if (message instanceof ExtentRepair extentRepair) {
            reconcile(message, extentRepair.repairId(), extentRepair.extentId());
        } else if (message instanceof ExtentReopen reopen) {
            reconcile(message, reopen.repairId(), reopen.extentId());
        } else {
            // Unreachable while ToDownstairs is sealed; fails loudly if a message type is added.
            throw new IllegalStateException("downstairs " + config.instanceId() + ": unhandled message " + message);
        }
    }

    /**
     * Finishes the busy job if the clock has reached {@link #busyUntilNs()}, then starts whatever
     * has become runnable. Does nothing when idle or not yet due.
     *
     * @return true when a job was finished
     */
    public boolean poll() {
        if (currentJob == null || clock.nanoTime() - currentDoneAtNs < 0
                || (faults != null && faults.stalledAt(clock.nanoTime()))) {
            return false;
        }
        finishCurrentJob();
        runReadyJobs();
        return true;
    }

    /** @return true while a job is between os-X-start and os-X-done, waiting for simulated time */
    public boolean isBusy() {
        return currentJob != null;
    }

    /** @return when the busy job's service time ends, on this core's clock; meaningful only while {@link #isBusy()} */
    public long busyUntilNs() {
        if (faults != null) {
            // A stall that began after this job started holds its reply too.
            long stallEndNs = faults.stalledUntilNs();
            if (stallEndNs != Long.MIN_VALUE && stallEndNs - currentDoneAtNs > 0) {
                return stallEndNs;
            }
        }
        return currentDoneAtNs;
    }

    public boolean isActive() {
        return active;
    }

    /** @return the active upstairs' id; meaningful only while {@link #isActive()} */
    public long activeUpstairsId() {
        return activeUpstairsId;
    }

    /** @return jobs accepted and not yet started (waiting for dependencies or for the busy job) */
    public int pendingJobCount() {
        return pending.size();
    }

    /** @return the id of the last completed flush, or 0 before the first */
    public long lastFlushJobId() {
        return lastFlushJobId;
    }

    /** @return how many jobs completed since the last completed flush */
    public long completedSinceLastFlushCount() {
        return completedSinceLastFlush.size();
    }

    public DownstairsConfig config() {
        return config;
    }

    private void promote(long upstairsId) {
        if (active && upstairsId != activeUpstairsId) {
            // O kicks the old upstairs and clears its work (DL@O:612-830). There is no message
            // for the old upstairs on this one-reply-sink link, so its jobs just end here.
            pending.clear();
            completedSinceLastFlush.clear();
            lastFlushJobId = INITIAL_LAST_FLUSH_JOB_ID;
            currentJob = null;
            currentReply = null;
            dropCurrentReply = false;
        }
        active = true;
        activeUpstairsId = upstairsId;
        replies.send(new YouAreNowActive(upstairsId));
    }

    /**
     * An upstairs back after a lost connection says which flush of its own it last saw acknowledged here; it will
     * send every later job again, in order. What this downstairs queued or completed after that flush is forgotten,
     * so the resent jobs are taken as new rather than refused as repeats (writes and flushes are idempotent, and a
     * restarted downstairs has forgotten them anyway). A job still busy finishes without a reply: its copy is coming.
     */
    private void resumeAfter(long lastFlush) {
        pending.clear();
        completedSinceLastFlush.clear();
        lastFlushJobId = lastFlush;
        if (currentJob != null) {
            dropCurrentReply = true;
        }
        replies.send(new LastFlushAck(lastFlush));
    }

    /** One reconciliation step on one extent, answered {@code RepairAckId} or {@code ExtentError}. */
    private void reconcile(Message.ToDownstairs step, long repairId, long extentId) {
        String refusal = null;
        if (!active) {
            refusal = "upstairs not active";
        } else if (currentJob != null || pending.size() > 0) {
            refusal = "IO jobs are queued or running; reconciliation comes before any IO";
        } else if (extentId < 0 || extentId >= region.definition().extentCount()) {
            refusal = "no extent " + extentId + " in a region of " + region.definition().extentCount() + " extents";
        }
        if (refusal == null) {
            int extent = (int) extentId;
            try {
                if (step instanceof ExtentFlush flush) {
                    region.flushExtent(extent, flush.flushNumber(), flush.generation());
                } else if (step instanceof ExtentClose) {
                    region.closeExtent(extent);
                } else if (step instanceof ExtentRepair copy) {
                    region.replaceExtent(repair.source().fetch(copy.sourceClientId(), copy.sourceRepairAddress(),
                            extent));
                } else {
                    region.reopenExtent(extent);
                }
                replies.send(new RepairAckId(repairId));
                return;
            } catch (RegionException | RepairException e) {
                refusal = e.getMessage();
            }
        }
        replies.send(new ExtentError(repairId, extentId, "downstairs " + config.instanceId() + ": "
                + step.getClass().getSimpleName() + " (repair " + repairId + ") of extent " + extentId + ": "
                + refusal));
    }

    private void accept(Message.JobRequest job) {
        // Read once, through the concrete classes: an interface call here would dispatch over three of them.
        IoOp op;
        long jobId;
        // The range's ends, not the range: a write keeps no range object (see WriteRequest) and none is made here.
        DependencyRange dependencies = null;
        long firstDependency = 0;
        long lastDependency = -1;
        if (job instanceof WriteRequest write) {
            op = IoOp.WRITE;
            jobId = write.jobId();
            firstDependency = write.firstDependencyJobId();
            lastDependency = write.lastDependencyJobId();
        } else {
            if (job instanceof ReadRequest read) {
                op = IoOp.READ;
                jobId = read.jobId();
                dependencies = read.dependencies();
            } else {
                FlushRequest flush = (FlushRequest) job;
                op = IoOp.FLUSH;
                jobId = flush.jobId();
                dependencies = flush.dependencies();
            }
            if (dependencies != null) {
                firstDependency = dependencies.firstJobId();
                lastDependency = dependencies.lastJobId();
            }
        }
        if (!active) {
            replies.send(errorReply(op, jobId, errorText(op, jobId, "upstairs not active")));
            return;
        }
        if (isKnownJob(jobId)) {
            replies.send(errorReply(op, jobId, errorText(op, jobId,
                    "job id already queued, running or completed (last flush " + lastFlushJobId + ")")));
            return;
        }
        if (dependencies == null && op != IoOp.WRITE) {
            replies.send(errorReply(op, jobId, errorText(op, jobId, "dependencies null must be earlier job ids")));
            return;
        }
        if (lastDependency >= firstDependency && lastDependency >= jobId) {
            // A job can only wait for earlier jobs; anything else would wait forever.
            replies.send(errorReply(op, jobId, errorText(op, jobId, "dependencies "
                    + DependencyRange.of(firstDependency, lastDependency) + " must be earlier job ids")));
            return;
        }
        submitStartProbes[op.ordinal()].fire(jobId);
        pending.insert(job, jobId, op, firstDependency, lastDependency);
        runReadyJobs();
    }

    private boolean isKnownJob(long jobId) {
        return jobId <= lastFlushJobId
                || completedSinceLastFlush.contains(jobId)
                || pending.containsJobId(jobId)
                || (currentJob != null && currentJobId == jobId && !dropCurrentReply);
    }

    /** Starts runnable jobs, lowest id first, until none is runnable or one is busy. */
    private void runReadyJobs() {
        int index = 0;
        while (currentJob == null && index < pending.size()) {
            if (isRunnable(pending.firstDependencyAt(index), pending.lastDependencyAt(index))) {
                Message.JobRequest job = pending.jobAt(index);
                long jobId = pending.jobIdAt(index);
                IoOp op = pending.opAt(index);
                pending.removeAt(index);
                startJob(job, jobId, op);
                if (currentJob == null) {
                    // Finished at once; its completion may have released a lower-id job.
                    index = 0;
                }
            } else {
                index++;
            }
        }
    }

    private boolean isRunnable(long firstDependency, long lastDependency) {
        if (lastDependency < firstDependency) {
            return true;
        }
        // Everything up to the last completed flush is met; the rest must all have completed since.
        long firstUnmetCandidate = Math.max(firstDependency, lastFlushJobId + 1);
        return completedSinceLastFlush.containsAll(firstUnmetCandidate, lastDependency);
    }

    private void startJob(Message.JobRequest job, long jobId, IoOp op) {
        osStartProbes[op.ordinal()].fire(jobId);
        // The region IO happens right after os-start; a simulated service time then passes before os-done.
        long ioSizeBytes = 0;
        long regionStartNs = faults == null ? 0 : clock.nanoTime();
        // An injected IO error is decided before the region is touched: a failed write writes nothing.
        boolean injectedError = faults != null && faults.failsNow();
        Message.ToUpstairs reply;
        if (job instanceof ReadRequest read) {
            ioSizeBytes = (long) read.blockCount() * region.definition().blockSizeBytes();
            reply = injectedError ? injectedErrorReply(op, jobId) : read(read);
            if (!injectedError && faults != null && faults.corruptsNow(op)) {
                reply = corrupted((ReadResponse) reply);
            }
        } else if (job instanceof WriteRequest write) {
            // A stamped write stands for its blocks' bytes: per-byte service time follows the IO's size either way.
            ioSizeBytes = write.sizeBytes(region.definition().blockSizeBytes());
            reply = injectedError ? injectedErrorReply(op, jobId) : write(write);
        } else {
            reply = injectedError ? injectedErrorReply(op, jobId) : flush((FlushRequest) job);
        }
        currentJob = job;
        currentJobId = jobId;
        currentOp = op;
        currentReply = reply;
        long serviceTimeNs = serviceTimeModel.serviceTimeNs(op, jobId, ioSizeBytes);
        if (serviceTimeNs < 0) {
            throw new IllegalStateException("downstairs " + config.instanceId() + ": service time model gave "
                    + serviceTimeNs + " ns for job " + jobId);
        }
        if (faults != null) {
            long nowNs = clock.nanoTime();
            serviceTimeNs = faults.serviceTimeNs(serviceTimeNs, nowNs - regionStartNs, nowNs);
        }
        if (serviceTimeNs == 0) {
            finishCurrentJob();
        } else {
            currentDoneAtNs = SaturatingTime.plus(clock.nanoTime(), serviceTimeNs);
        }
    }

    private void finishCurrentJob() {
        Message.ToUpstairs reply = currentReply;
        IoOp op = currentOp;
        long jobId = currentJobId;
        currentJob = null;
        currentOp = null;
        currentReply = null;
        osDoneProbes[op.ordinal()].fire(jobId);
        submitDoneProbes[op.ordinal()].fire(jobId);
        if (dropCurrentReply) {
            dropCurrentReply = false;
            return; // superseded by its replayed copy (resumeAfter)
        }
        // O sends the ack, then does the completion bookkeeping (DL@O:563, DL@O:1132-1153).
        replies.send(reply);
        if (op == IoOp.FLUSH) {
            lastFlushJobId = jobId;
            completedSinceLastFlush.clear();
        } else {
            completedSinceLastFlush.add(jobId);
        }
    }

    private Message.ToUpstairs read(ReadRequest read) {
        try {
            if (region.holdsStamps()) {
                return ReadResponse.ofStamps(read.jobId(), region.readStamps(read.blockOffset(), read.blockCount()));
            }
            return new ReadResponse(read.jobId(), region.read(read.blockOffset(), read.blockCount()), null);
        } catch (RegionException e) {
            return new ReadResponse(read.jobId(), null, errorText(IoOp.READ, read.jobId(), e.getMessage()));
        }
    }

    private Message.ToUpstairs injectedErrorReply(IoOp op, long jobId) {
        return errorReply(op, jobId, errorText(op, jobId, "injected IO error"));
    }

    private static ReadResponse corrupted(ReadResponse response) {
        if (response.error() != null) {
            return response;
        }
        return response.stamps() != null
                ? ReadResponse.ofStamps(response.jobId(), DownstairsFaults.corrupted(response.stamps()))
                : new ReadResponse(response.jobId(), DownstairsFaults.corrupted(response.data()), null);
    }

    private Message.ToUpstairs write(WriteRequest write) {
        try {
            region.write(write);
            return write.successAck();
        } catch (RegionException e) {
            return new WriteAck(write.jobId(), errorText(IoOp.WRITE, write.jobId(), e.getMessage()));
        }
    }

    private Message.ToUpstairs flush(FlushRequest flush) {
        try {
            region.flush(flush.flushNumber(), flush.generation());
            return new FlushAck(flush.jobId(), null);
        } catch (RegionException e) {
            return new FlushAck(flush.jobId(), errorText(IoOp.FLUSH, flush.jobId(), e.getMessage()));
        }
    }

    private String errorText(IoOp op, long jobId, String reason) {
        return "downstairs " + config.instanceId() + ": " + op.probeName() + " job " + jobId + ": " + reason;
    }

    private static Message.ToUpstairs errorReply(IoOp op, long jobId, String error) {
        switch (op) {
            case READ:
                return new ReadResponse(jobId, null, error);
            case WRITE:
                return new WriteAck(jobId, error);
            default:
                return new FlushAck(jobId, error);
        }
    }

    @Override
    public String toString() {
        return "DownstairsCore[" + config.instanceId() + (active ? ", active for " + activeUpstairsId : ", inactive")
                + ", pending " + pending.size() + ", last flush " + lastFlushJobId + ", completed since "
                + completedSinceLastFlush + "]";
    }
}
