package dev.cruciblesim.bench.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import dev.cruciblesim.bench.cli.CrucibleSim;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.time.PreciseDelay;
import dev.cruciblesim.sim.time.SystemNanoClock;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.upstairs.core.UpstairsCore;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The layering README's module map promises, checked on the compiled classes of every module
 * (bench sees them all): the two sides never touch, packages form no cycle, the cores are
 * single-threaded and read time only from the clock they are given, only bench has entry points,
 * and nothing of the project hides in a third-party package.
 *
 * <p>The classes are imported from the modules' own code sources (their target/classes or jars),
 * not by package from the classpath, so that a project class in someone else's package is seen
 * too; JMH's generated benchmark harness is left out.
 */
@AnalyzeClasses(locations = LayeringTest.ProjectModules.class,
        importOptions = {ImportOption.DoNotIncludeTests.class, LayeringTest.NoJmhGeneratedCode.class})
class LayeringTest {
    /**
     * The upstairs and downstairs cores: upstairs.core and upstairs.policy, and the downstairs'
     * top-level package (DownstairsCore, PendingJobs, CompletedJobs, DownstairsConfig,
     * ServiceTimeModel, InboxWaitStrategy) with its region. Their runtimes (upstairs.runtime,
     * downstairs.runtime) own the threads.
     */
    private static final String[] CORES = {
        "dev.cruciblesim.upstairs.core..", "dev.cruciblesim.upstairs.policy..", "dev.cruciblesim.downstairs",
        "dev.cruciblesim.downstairs.region..",
    };

    @ArchTest
    static final ArchRule upstairsNeverUsesTheDownstairs = noClasses().that()
            .resideInAPackage("dev.cruciblesim.upstairs..")
            .should().dependOnClassesThat().resideInAPackage("dev.cruciblesim.downstairs..")
            .because("the upstairs knows its downstairs only through the sim protocol");

    @ArchTest
    static final ArchRule downstairsNeverUsesTheUpstairs = noClasses().that()
            .resideInAPackage("dev.cruciblesim.downstairs..")
            .should().dependOnClassesThat().resideInAPackage("dev.cruciblesim.upstairs..")
            .because("a downstairs knows its upstairs only through the sim protocol");

    /** {@code (**)} captures the whole package name below the root: every package is its own slice, subpackages too. */
    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("dev.cruciblesim.(**)")
            .namingSlices("package dev.cruciblesim.$1")
            .should().beFreeOfCycles();

    /**
     * Threads, locks, atomics, executors, the Disruptor, real-time waits. {@link TimeUnit} is
     * java.util.concurrent's too, but its conversions ({@code SECONDS.toNanos(5)}) are plain
     * arithmetic; its waits are refused by {@link #WAITING}.
     */
    private static final DescribedPredicate<JavaClass> CONCURRENCY = describe(
            "concurrency (java.util.concurrent but TimeUnit, com.lmax.disruptor, Thread, ThreadLocal, PreciseDelay)",
            type -> type.getPackageName().startsWith("java.util.concurrent") && !type.isEquivalentTo(TimeUnit.class)
                    || type.getPackageName().startsWith("com.lmax.disruptor") || type.isAssignableTo(Thread.class)
                    || type.isEquivalentTo(ThreadLocal.class) || type.isEquivalentTo(PreciseDelay.class));

    /** By name: {@code this.wait()} names the caller's own class as the owner, not Object. */
    private static final DescribedPredicate<JavaMethodCall> WAITING = describe(
            "wait, notify or notifyAll (a synchronized block's partners), or TimeUnit's sleep and timedWait",
            call -> Set.of("wait", "notify", "notifyAll").contains(call.getName())
                    || call.getTargetOwner().isEquivalentTo(TimeUnit.class)
                            && Set.of("sleep", "timedWait", "timedJoin").contains(call.getName()));

    @ArchTest
    static final ArchRule coresUseNoConcurrency = noClasses().that().resideInAnyPackage(CORES)
            .should().dependOnClassesThat(CONCURRENCY)
            .orShould().callMethodWhere(WAITING)
            .because("a core is a single-threaded state machine: its tests drive it by calling it, with no threads");

    /** A synchronized block leaves no trace ArchUnit reads, but without wait/notify (above) it cannot coordinate threads. */
    @ArchTest
    static final ArchRule coresHaveNoSynchronizedMethods = noMethods().that().areDeclaredInClassesThat()
            .resideInAnyPackage(CORES)
            .should().haveModifier(JavaModifier.SYNCHRONIZED)
            .because("a core is a single-threaded state machine");

    @ArchTest
    static final ArchRule coresReadNoWallClock = noClasses().that().resideInAnyPackage(CORES)
            .should().callMethod(System.class, "nanoTime")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().dependOnClassesThat().belongToAnyOf(SystemNanoClock.class, Clock.class, InstantSource.class)
            .orShould().callMethodWhere(describe("a java.time now()",
                    (JavaMethodCall call) -> call.getName().equals("now")
                            && call.getTargetOwner().getPackageName().equals("java.time")))
            .because("a core reads time only from the NanoClock it is given, so virtual time and tests can drive it");

    @ArchTest
    static final ArchRule onlyBenchHasAMainMethod = noMethods().that().haveName("main").and().areStatic()
            .and().haveRawParameterTypes(String[].class)
            .should().beDeclaredInClassesThat().resideOutsideOfPackage("dev.cruciblesim.bench..")
            .because("bench is the only module that runs anything (README, Modules)");

    @ArchTest
    static final ArchRule noClassInAThirdPartyPackage = classes().should().resideInAPackage("dev.cruciblesim..")
            .because("a class in another library's package reaches its package-private state, which breaks on any"
                    + " change inside the library and under JPMS");

    /** Each module's code source, found from one class of it: a target/classes folder or, once packaged, its jar. */
    static final class ProjectModules implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return Stream.of(NanoClock.class, ProbeRegistry.class, Region.class, UpstairsCore.class, CrucibleSim.class)
                    .map(ProjectModules::codeSource)
                    .collect(Collectors.toSet());
        }

        private static Location codeSource(Class<?> moduleClass) {
            try {
                Path path = Path.of(moduleClass.getProtectionDomain().getCodeSource().getLocation().toURI());
                // Location.of(path) would read a jar as a folder and find nothing in it.
                return Files.isDirectory(path) ? Location.of(path) : Location.of(new JarFile(path.toFile()));
            } catch (URISyntaxException | IOException e) {
                throw new IllegalStateException("cannot read the code source of " + moduleClass, e);
            }
        }
    }

    /** JMH's annotation processor writes its harness into {@code jmh_generated} packages of bench: not our code. */
    static final class NoJmhGeneratedCode implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/jmh_generated/");
        }
    }
}
