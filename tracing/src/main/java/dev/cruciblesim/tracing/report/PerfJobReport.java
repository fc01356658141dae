package dev.cruciblesim.tracing.report;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.AggregationFunction;
import dev.cruciblesim.tracing.dtrace.AssociativeLongArray;
import dev.cruciblesim.tracing.dtrace.KeyType;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.tracing.probe.WorkloadProbes;

import java.util.Arrays;

/**
 * perfjob.d, the harness's own script (Crucible has no workload probes): guest IO latency split by
 * workload job, as one quantize per job and operation for the service latency (from the IO being
 * handed to the upstairs) and one for the response latency (from the IO's intended start, which
 * adds the job's schedule lag in an open loop).
 *
 * <pre>
 * job-*-start                 start[arg0] = timestamp; lag[arg0] = arg1
 * job-*-done  /start[arg0]/   this->label = strjoin(strjoin(copyinstr(arg1), " "), op);
 *                             @service[strjoin(this->label, " service")] = quantize(timestamp - start[arg0]);
 *                             @response[strjoin(this->label, " response")] =
 *                                 quantize(timestamp - start[arg0] + lag[arg0]);
 *                             start[arg0] = 0; lag[arg0] = 0
 * </pre>
 * where op is the second word of the probe name ({@code read}, {@code write}, {@code flush}).
 */
final class PerfJobReport extends ScriptReport {
    private static final String WORKLOAD = WorkloadProbes.PROVIDER + "*:::";

    private final AssociativeLongArray startNs = program.associativeArray();
    private final AssociativeLongArray lagNs = program.associativeArray();
    private final Aggregation service = program.aggregation("service", AggregationFunction.quantize(), KeyType.STRING);
    private final Aggregation response = program.aggregation("response", AggregationFunction.quantize(),
            KeyType.STRING);
    private final ProbeNameWords ops = new ProbeNameWords(name -> ProbeNameWords.word(name, 1));
    /** Labels made so far, by job name and op word (both compared by identity); replaced whole when one is added. */
    private volatile Labels[] labels = new Labels[0];

    private record Labels(String job, String op, String service, String response) {
    }

    PerfJobReport() {
        super("perfjob", false);
    }

    @Override
    public int enable(ProbeRegistry registry) {
        return clause(registry, WORKLOAD + "job-*-start", (probe, timestampNs, ioId, lag, s0, s1) -> {
            startNs.put(ioId, timestampNs);
            lagNs.put(ioId, lag);
        }) + clause(registry, WORKLOAD + "job-*-done", (probe, timestampNs, ioId, unused, s0, job) -> {
            long startedNs = startNs.remove(ioId);
            long lag = lagNs.remove(ioId);
            if (startedNs != 0) {
                Labels known = labels(job, ops.of(probe.name()));
                service.aggregate(known.service(), timestampNs - startedNs);
                response.aggregate(known.response(), timestampNs - startedNs + lag);
            }
        });
    }

    /** @return the labels of (job, op), made once: a firing allocates nothing */
    private Labels labels(String job, String op) {
        for (Labels known : labels) {
            if (known.job() == job && known.op() == op) {
                return known;
            }
        }
        return addLabels(job, op);
    }

    private synchronized Labels addLabels(String job, String op) {
        for (Labels known : labels) {
            if (known.job().equals(job) && known.op().equals(op)) {
                return known;
            }
        }
        Labels made = new Labels(job, op, job + " " + op + " service", job + " " + op + " response");
        Labels[] grown = Arrays.copyOf(labels, labels.length + 1);
        grown[grown.length - 1] = made;
        labels = grown;
        return made;
    }
}
