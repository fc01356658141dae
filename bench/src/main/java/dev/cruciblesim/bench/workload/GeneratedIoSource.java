package dev.cruciblesim.bench.workload;

import dev.cruciblesim.bench.workload.gen.BlockSizes;
import dev.cruciblesim.bench.workload.gen.RangePicker;
import dev.cruciblesim.bench.workload.gen.SequentialCursor;
import dev.cruciblesim.sim.protocol.IoOp;

import java.util.SplittableRandom;

/**
 * A fio-style generator: the operation (a flush when {@code fsync} writes have been issued since the
 * last flush, else a flush with probability {@code flush_mix}, else a read with probability
 * {@code rwmixread}%), then the size, then the offset within the job's region: sequential per
 * direction, or random over ranges of the smallest IO size spread by {@code random_distribution}.
 * Randomness is drawn only for the choices that exist, so adding an option that a job does not use
 * does not reshuffle its stream.
 */
final class GeneratedIoSource implements IoSource {
    private final JobSpec spec;
    private final SplittableRandom random;
    private final BlockSizes sizes;
    private final int blockSizeBytes;
    private final long regionFirstBlock;
    private final long regionEndBlock;
    private final int rangeBlocks;
    private final RangePicker picker;
    private final SequentialCursor readCursor;
    private final SequentialCursor writeCursor;
    private int writesSinceFlush;

    GeneratedIoSource(JobSpec spec, int blockSizeBytes, SplittableRandom random) {
        this.spec = spec;
        this.random = random;
        this.sizes = spec.blockSizes();
        this.blockSizeBytes = blockSizeBytes;
        this.regionFirstBlock = spec.offsetBytes() / blockSizeBytes;
        this.regionEndBlock = regionFirstBlock + spec.sizeBytes() / blockSizeBytes;
        this.rangeBlocks = sizes.minBytes() / blockSizeBytes;
        this.picker = spec.sequential() ? null
                : spec.distribution().picker((regionEndBlock - regionFirstBlock) / rangeBlocks);
        this.readCursor = new SequentialCursor(spec.offsetBytes(), spec.sizeBytes() / blockSizeBytes * blockSizeBytes);
        this.writeCursor = new SequentialCursor(spec.offsetBytes(), spec.sizeBytes() / blockSizeBytes * blockSizeBytes);
    }

    @Override
    public boolean next(GuestIo io) {
        IoOp op = nextOp();
        io.op = op;
        if (op == IoOp.FLUSH) {
            io.firstBlock = 0;
            io.blockCount = 0;
            return true;
        }
        int ioBytes = sizes.nextBytes(op == IoOp.WRITE, random);
        io.blockCount = ioBytes / blockSizeBytes;
        if (picker == null) {
            io.firstBlock = (op == IoOp.WRITE ? writeCursor : readCursor).next(ioBytes) / blockSizeBytes;
        } else {
            io.firstBlock = regionFirstBlock + picker.next(random) * rangeBlocks;
            // A larger IO drawn near the region's end is shortened to fit, as fio does, rather than moved:
            // moving it would add weight to the last ranges and bend the offset distribution.
            io.blockCount = (int) Math.min(io.blockCount, regionEndBlock - io.firstBlock);
        }
        return true;
    }

    private IoOp nextOp() {
        if (spec.fsyncEveryWrites() > 0 && writesSinceFlush >= spec.fsyncEveryWrites()) {
            writesSinceFlush = 0;
            return IoOp.FLUSH;
        }
        if (spec.flushShare() > 0 && random.nextDouble() < spec.flushShare()) {
            writesSinceFlush = 0;
            return IoOp.FLUSH;
        }
        int readPercent = spec.readPercent();
        if (readPercent == 100 || (readPercent > 0 && random.nextInt(100) < readPercent)) {
            return IoOp.READ;
        }
        writesSinceFlush++;
        return IoOp.WRITE;
    }
}
