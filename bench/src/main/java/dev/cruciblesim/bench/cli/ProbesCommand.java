package dev.cruciblesim.bench.cli;

import dev.cruciblesim.bench.harness.VolumeAssembly;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.virtual.SimulatedRuntime;
import dev.cruciblesim.bench.virtual.VirtualHarness;
import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.tracing.probe.ArgType;
import dev.cruciblesim.tracing.probe.FaultProbes;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeDescription;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.upstairs.core.UpstairsListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code crucible-sim probes [-v] [[-n] DESCRIPTION...]}: what {@code dtrace -l} lists, for script
 * writers. The probes are those of a default volume, made the way a run makes them (its registry,
 * its creation order, so the same ids and provider instance ids a run's non-quiet output shows),
 * plus DTrace's own BEGIN, END and ERROR, which hold ids 1 to 3, and the fault probes, which a run
 * creates last when its scenario has faults. Columns are dtrace's: {@code %5s %10s %17s %33s %s};
 * a wider field pushes the rest of the line right, as in dtrace. {@code -v} adds each probe's
 * argument names and D types ({@code args[0]: uint64_t gw_id}) and where it fires.
 */
@Command(name = "probes", mixinStandardHelpOptions = true,
        description = {"Lists the probes a run fires, as 'dtrace -l' does: ID, PROVIDER (with the instance id a run "
                + "gives it), MODULE, FUNCTION, NAME. -v adds each probe's arguments with their D types and where "
                + "it fires. Probe descriptions (provider:module:function:name, globs *, ? and [...], empty "
                + "fields match anything) select probes, as positional arguments or with -n."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:probes listed", "1:a description matched no probe", "2:bad input (an unknown option, a "
                + "malformed probe description)"})
final class ProbesCommand implements Callable<Integer> {
    /** dtrace -l's heading: {@code "   ID   PROVIDER            MODULE                          FUNCTION NAME"}. */
    static final String HEADER = String.format("%5s %10s %17s %33s %s", "ID", "PROVIDER", "MODULE", "FUNCTION", "NAME")
            + "\n";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DESCRIPTION", arity = "0..*",
            description = "List only the probes matching this description, e.g. 'crucible_upstairs*:::gw-*-start' "
                    + "or 'gw-read-*' (fewer fields fill from the right).")
    List<String> descriptions = new ArrayList<>();

    @Option(names = "-n", paramLabel = "DESCRIPTION",
            description = "As a positional DESCRIPTION, as 'dtrace -l -n' takes it; repeatable.")
    List<String> namedDescriptions = new ArrayList<>();

    @Option(names = "-v", description = "Also print each probe's arguments (args[i]: type name) and where it fires.")
    boolean verbose;

    /** One listed probe: a harness {@link Probe} or one of DTrace's own, which the registry does not hold. */
    record Listed(long id, String provider, String module, String function, String name, List<String> argNames,
            List<ArgType> argTypes, String firesWhen) {
        static Listed of(Probe probe, boolean faultProbe) {
            String fires = probe.definition().firesWhen();
            return new Listed(probe.id(), probe.providerInstanceName(), ProbeRegistry.MODULE, probe.function(),
                    probe.name(), probe.definition().argNames(), probe.definition().argTypes(),
                    faultProbe ? fires + " (only in a run whose scenario has faults)" : fires);
        }

        boolean matches(ProbeDescription description) {
            return description.matches(provider, module, function, name);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> texts = new ArrayList<>(descriptions);
        texts.addAll(namedDescriptions);
        List<ProbeDescription> filters = new ArrayList<>();
        for (String text : texts) {
            try {
                filters.add(ProbeDescription.parse(text));
            } catch (IllegalArgumentException e) {
                err.println("crucible-sim: probes: " + e.getMessage());
                err.flush();
                return CrucibleSim.EXIT_BAD_INPUT;
            }
        }
        List<Listed> probes = catalogue();
        StringBuilder listing = new StringBuilder(HEADER);
        for (Listed probe : probes) {
            if (filters.isEmpty() || filters.stream().anyMatch(probe::matches)) {
                append(listing, probe);
            }
        }
        out.print(listing);
        out.flush();
        int exitCode = CrucibleSim.EXIT_OK;
        for (int i = 0; i < filters.size(); i++) {
            ProbeDescription filter = filters.get(i);
            if (probes.stream().noneMatch(probe -> probe.matches(filter))) {
                err.println("crucible-sim: probes: description '" + texts.get(i) + "' matched no probe");
                exitCode = CrucibleSim.EXIT_RUN_FAILED;
            }
        }
        err.flush();
        return exitCode;
    }

    /** @return every probe a run can fire, in id order */
    static List<Listed> catalogue() {
        List<Listed> listed = new ArrayList<>();
        listed.add(dtraceProbe(ProbeRegistry.BEGIN_PROBE_ID, "BEGIN",
                "once, when tracing starts, before any other probe of the run"));
        listed.add(dtraceProbe(ProbeRegistry.END_PROBE_ID, "END",
                "once, when the run ends (its workload done, or ^C), after every other probe"));
        listed.add(dtraceProbe(ProbeRegistry.ERROR_PROBE_ID, "ERROR",
                "when a clause hits a runtime error, such as a division by zero"));
        EventScheduler scheduler = new EventScheduler(VirtualHarness.START_NS);
        // Assembled, never run: the registry then holds exactly the probes a default run creates, in its order.
        ProbeRegistry registry = VolumeAssembly.assemble(ScenarioLoader.defaults(),
                new SimulatedRuntime(scheduler, UpstairsListener.NONE)).registry();
        if (registry.probes().stream().noneMatch(p -> p.provider().equals(FaultProbes.PROVIDER))) {
            VolumeAssembly.createFaultProbes(registry, scheduler);
        }
        for (Probe probe : registry.probes()) {
            listed.add(Listed.of(probe, probe.provider().equals(FaultProbes.PROVIDER)));
        }
        return listed;
    }

    private static Listed dtraceProbe(long id, String name, String firesWhen) {
        return new Listed(id, ProbeRegistry.DTRACE_PROVIDER, "", "", name, List.of(), List.of(), firesWhen);
    }

    private void append(StringBuilder listing, Listed probe) {
        listing.append(String.format("%5d %10s %17s %33s %s", probe.id(), probe.provider(), probe.module(),
                probe.function(), probe.name())).append('\n');
        if (!verbose) {
            return;
        }
        // The layout of dtrace -lv's "Argument Types" block, each type followed by the argument's name.
        listing.append("\n\tArgument Types\n");
        for (int i = 0; i < probe.argTypes().size(); i++) {
            listing.append("\t\targs[").append(i).append("]: ").append(probe.argTypes().get(i).dTypeName())
                    .append(' ').append(probe.argNames().get(i)).append('\n');
        }
        if (probe.argTypes().isEmpty()) {
            listing.append("\t\tNone\n");
        }
        listing.append("\n\tFires\n\t\t").append(probe.firesWhen()).append("\n\n");
    }
}
