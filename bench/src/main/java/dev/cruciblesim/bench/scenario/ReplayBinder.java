package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.workload.HarnessLimits;
import dev.cruciblesim.bench.workload.ReplaySpec;
import dev.cruciblesim.bench.workload.trace.Trace;
import dev.cruciblesim.bench.workload.trace.TraceFormat;
import dev.cruciblesim.bench.workload.trace.TraceFormatException;
import dev.cruciblesim.bench.workload.trace.TraceReader;
import dev.cruciblesim.sim.io.InputFiles;
import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.io.IOException;
import java.nio.file.Path;

import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_REPLAY_OUT_OF_RANGE;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.DEFAULT_REPLAY_TIME_SCALE_PERCENT;
import static dev.cruciblesim.bench.scenario.ScenarioSchema.MAX_REPLAY_TIME_SCALE_PERCENT;

/**
 * Reads a replay job's trace ({@code read_iolog}) and the keys that shape its replay. The trace is read and fitted
 * to the volume here, while loading, so that a bad line is a located error before the run rather than a replay that
 * stops half-way.
 */
final class ReplayBinder {
    private final BindingContext context;
    private final RegionDefinition volume;

    ReplayBinder(BindingContext context, RegionDefinition volume) {
        this.context = context;
        this.volume = volume;
    }

    ReplaySpec replay(JobFields fields, Field iologField) {
        Path file = context.file(iologField);
        TraceFormat format = format(fields.field("iolog_format"));
        Field noStallField = fields.field("replay_no_stall");
        boolean noStall = noStallField != null && noStallField.booleanValue();
        Field scaleField = fields.field("replay_time_scale");
        int scalePercent = scaleField == null ? DEFAULT_REPLAY_TIME_SCALE_PERCENT
                : scaleField.intValue(1, MAX_REPLAY_TIME_SCALE_PERCENT, "must be a percentage from 1 to "
                        + MAX_REPLAY_TIME_SCALE_PERCENT + " (200 replays twice as fast as recorded)");
        Trace.OutOfRange outOfRange = outOfRange(fields.field("replay_out_of_range"));
        try {
            Trace trace = TraceReader.read(file, format).fitTo(volume.totalBytes(), volume.blockSizeBytes(),
                    HarnessLimits.MAX_IO_BYTES, outOfRange);
            return new ReplaySpec(trace, noStall, scalePercent, outOfRange);
        } catch (IOException e) {
            throw iologField.error("cannot read " + file + ": " + InputFiles.reasonOf(e));
        } catch (TraceFormatException e) {
            throw iologField.error(e.getMessage());
        }
    }

    /** @return the format {@code iolog_format} names, or null to detect it when the key is not given */
    static TraceFormat format(Field formatField) {
        if (formatField == null) {
            return null;
        }
        try {
            return TraceFormat.parse(formatField.text("must be iolog, csv or jsonl"));
        } catch (IllegalArgumentException e) {
            throw formatField.error(e.getMessage());
        }
    }

    private static Trace.OutOfRange outOfRange(Field rangeField) {
        if (rangeField == null) {
            return DEFAULT_REPLAY_OUT_OF_RANGE;
        }
        try {
            return Trace.OutOfRange.parse(rangeField.text("must be reject or wrap"));
        } catch (IllegalArgumentException e) {
            throw rangeField.error(e.getMessage());
        }
    }
}
