package dev.cruciblesim.bench.jmh;

import dev.cruciblesim.bench.harness.RealTimeDownstairs;
import dev.cruciblesim.bench.harness.ThreadedRuntime;
import dev.cruciblesim.bench.harness.VolumeAssembly;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.scenario.ScenarioOverride;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.wire.MessageEncoder;
import dev.cruciblesim.upstairs.runtime.Guest;
import dev.cruciblesim.upstairs.runtime.UpstairsRuntime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The upstairs over TCP loopback against the loopback itself, in one run: a guest 4 KiB write at queue depth 1
 * through the whole pipeline (upstairs core, three {@code DownstairsServer}s in this JVM, each reached through its
 * own connection; acknowledged at the second reply, as Crucible does), beside a raw round trip of the same bytes on
 * one loopback socket used as the link uses its own (a {@link Socket}'s blocking streams, TCP_NODELAY): a 4 KiB
 * write's frame out, its ack's frame back, echoed by a thread that does nothing else. The ratio of the two medians is
 * what the pipeline costs over the network it uses. Beside them, to read that ratio by: the same frame fanned out to
 * three echoes (the replication's floor on this machine), and the same guest write with in-process downstairs (the
 * pipeline without the network). Also 4 KiB random writes at queue depth 32 over TCP, for IOPS.
 *
 * <pre>
 * java -cp bench/target/crucible-sim.jar org.openjdk.jmh.Main TcpLoopbackBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TcpLoopbackBenchmark {
    private static final int BLOCK_BYTES = 4096;
    private static final int EXTENT_COUNT = 32;
    private static final int EXTENT_BLOCKS = 1024;
    private static final int QUEUE_DEPTH = 32;

    private static final int REPLICAS = 3;

    private final Echo[] echoes = new Echo[REPLICAS];
    private byte[] rawRequest;
    private byte[] rawReply;

    private ThreadedRuntime runtime;
    private Guest guest;
    private ThreadedRuntime inProcessRuntime;
    private Guest inProcessGuest;
    private byte[] data;
    private final SplittableRandom offsets = new SplittableRandom(1);
    private final CompletableFuture<?>[] inFlight = new CompletableFuture<?>[QUEUE_DEPTH];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        MessageEncoder encoder = new MessageEncoder();
        ByteBuffer request = encoder.encode(new WriteRequest(1000, DependencyRange.NONE, 7, new byte[BLOCK_BYTES]),
                ByteBuffer.allocateDirect(8192));
        request.flip();
        ByteBuffer reply = encoder.encode(new WriteAck(1000, null), ByteBuffer.allocateDirect(64));
        reply.flip();
        rawRequest = new byte[request.remaining()];
        request.get(rawRequest);
        byte[] replyBytes = new byte[reply.remaining()];
        reply.get(replyBytes);
        rawReply = new byte[replyBytes.length];
        for (int i = 0; i < REPLICAS; i++) {
            echoes[i] = new Echo(rawRequest.length, replyBytes);
        }

        runtime = new ThreadedRuntime(ThreadedRuntime.Transport.TCP);
        guest = activate(runtime, Scenario.TRANSPORT_TCP);
        inProcessRuntime = new ThreadedRuntime(ThreadedRuntime.Transport.IN_PROCESS);
        inProcessGuest = activate(inProcessRuntime, Scenario.TRANSPORT_IN_PROCESS);
        data = new byte[BLOCK_BYTES];
        new SplittableRandom(2).nextBytes(data);
    }

    private static Guest activate(ThreadedRuntime runtime, String transport) throws Exception {
        Scenario scenario = ScenarioLoader.load(null, List.of(
                new ScenarioOverride("transport", transport, "jmh"),
                new ScenarioOverride("reports", "[]", "jmh"),
                new ScenarioOverride("volume.extent_count", Integer.toString(EXTENT_COUNT), "jmh"),
                new ScenarioOverride("volume.extent_size", Integer.toString(EXTENT_BLOCKS), "jmh")));
        VolumeAssembly.Volume<UpstairsRuntime, RealTimeDownstairs> volume = VolumeAssembly.assemble(scenario, runtime);
        volume.upstairs().activate().get(30, TimeUnit.SECONDS);
        return volume.upstairs().guest();
    }

    /** One loopback connection and the thread at its far end that reads a request's bytes and writes the reply's. */
    private static final class Echo {
        final ServerSocket server;
        final Socket client;
        final OutputStream out;
        final InputStream in;
        final Thread thread;

        Echo(int requestBytes, byte[] reply) throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            client = new Socket();
            client.setTcpNoDelay(true);
            client.connect(server.getLocalSocketAddress());
            out = client.getOutputStream();
            in = client.getInputStream();
            Socket peer = server.accept();
            peer.setTcpNoDelay(true);
            thread = new Thread(() -> {
                byte[] request = new byte[requestBytes];
                try (peer; InputStream peerIn = peer.getInputStream(); OutputStream peerOut = peer.getOutputStream()) {
                    while (true) {
                        readFully(peerIn, request);
                        peerOut.write(reply);
                    }
                } catch (IOException e) {
                    // The client hung up: the benchmark is over.
                }
            }, "raw-loopback-echo");
            thread.setDaemon(true);
            thread.start();
        }

        void close() throws IOException, InterruptedException {
            client.close();
            server.close();
            thread.join(5_000);
        }
    }

    private static void readFully(InputStream in, byte[] buffer) throws IOException {
        if (in.readNBytes(buffer, 0, buffer.length) < buffer.length) {
            throw new EOFException();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        runtime.close(10_000);
        inProcessRuntime.close(10_000);
        for (Echo echo : echoes) {
            echo.close();
        }
    }

    /** The baseline: a 4 KiB write's frame out and its ack's frame back over one loopback socket. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void rawLoopbackRoundTrip() throws IOException {
        Echo echo = echoes[0];
        echo.out.write(rawRequest);
        readFully(echo.in, rawReply);
    }

    /**
     * The replication's own floor on this machine: the same frame to three echoes, one after another from one
     * thread as the upstairs core sends, then every reply read. It waits for three replies where the guest waits for
     * two, but it wakes three far ends and their replies contend for the same cores as the pipeline's do.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void rawLoopbackFanOutToThree() throws IOException {
        for (Echo echo : echoes) {
            echo.out.write(rawRequest);
        }
        for (Echo echo : echoes) {
            readFully(echo.in, rawReply);
        }
    }

    /** The same guest write with the three downstairs in process: what the network legs add is the difference. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void inProcessGuestWriteQd1() throws Exception {
        inProcessGuest.write(nextBlock(), data).get(10, TimeUnit.SECONDS);
    }

    /** One guest 4 KiB write, waited for: queue depth 1. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void guestWriteQd1() throws Exception {
        guest.write(nextBlock(), data).get(10, TimeUnit.SECONDS);
    }

    /** 32 guest 4 KiB random writes at once, all waited for: the IOPS of a full queue. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(QUEUE_DEPTH)
    public void guestRandomWritesQd32() throws Exception {
        for (int i = 0; i < QUEUE_DEPTH; i++) {
            inFlight[i] = guest.write(nextBlock(), data);
        }
        for (CompletableFuture<?> write : inFlight) {
            write.get(10, TimeUnit.SECONDS);
        }
    }

    private long nextBlock() {
        return offsets.nextLong((long) EXTENT_COUNT * EXTENT_BLOCKS);
    }
}
