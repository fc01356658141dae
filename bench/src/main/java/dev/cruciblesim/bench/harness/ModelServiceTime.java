package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.scenario.DownstairsModel;
import dev.cruciblesim.bench.scenario.ServiceTime;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.sim.protocol.IoOp;

import java.util.SplittableRandom;

/**
 * A downstairs' service time from the scenario's models: per operation, a sampled fixed part plus
 * a per-byte part. Draws from the downstairs' own stream, on the downstairs' thread.
 */
public final class ModelServiceTime implements ServiceTimeModel {
    private final ServiceTime[] byOp = new ServiceTime[IoOp.values().length];
    private final SplittableRandom random;

    public ModelServiceTime(DownstairsModel model, SplittableRandom random) {
        byOp[IoOp.READ.ordinal()] = model.read();
        byOp[IoOp.WRITE.ordinal()] = model.write();
        byOp[IoOp.FLUSH.ordinal()] = model.flush();
        this.random = random;
    }

    /** @return whether any operation of {@code model} takes time; if none does, no model is needed */
    public static boolean takesTime(DownstairsModel model) {
        return takesTime(model.read()) || takesTime(model.write()) || takesTime(model.flush());
    }

    private static boolean takesTime(ServiceTime serviceTime) {
        return serviceTime != null && (serviceTime.fixed() != null || serviceTime.perByteNs() > 0);
    }

    @Override
    public long serviceTimeNs(IoOp op, long jobId, long ioSizeBytes) {
        ServiceTime serviceTime = byOp[op.ordinal()];
        if (serviceTime == null) {
            return 0;
        }
        long fixedNs = serviceTime.fixed() == null ? 0 : serviceTime.fixed().sampleNs(random);
        return fixedNs + Math.round(serviceTime.perByteNs() * ioSizeBytes);
    }
}
