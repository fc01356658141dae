package dev.cruciblesim.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.server.DownstairsServer;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.transport.tcp.TestCertificates;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code run} with {@code --tls-keystore}, {@code --tls-truststore} and {@code --tls-password}: a verified run over
 * TLS, in this JVM and against servers already running; the refusals, each one line naming the option.
 */
class TlsCliTest {
    private static final List<String> SCRIPTS = List.of("perfgw.d", "perfdw.d", "perf-upstairs-rw.d", "tracegw.d",
            "upstairs_info.d");
    private static final Pattern VERIFIED = Pattern.compile("(\\d+) reads verified");
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    @TempDir
    static Path stores;
    /** One identity that trusts itself, for servers in the run's own JVM. */
    private static Path selfKeys;
    private static Path selfTrust;
    private static TestCertificates.Lab lab;
    private static Path passwordFile;

    @TempDir
    Path outDirectory;

    @BeforeAll
    static void makeStores() throws Exception {
        selfKeys = TestCertificates.keystore(stores, "volume");
        selfTrust = TestCertificates.truststore(stores, "volume-trust", selfKeys);
        lab = TestCertificates.Lab.create(stores);
        passwordFile = TestCertificates.passwordFile(stores);
    }

    private CliResult run(String... options) {
        return CliResult.run(outDirectory, options);
    }

    private static void assertVerified(CliResult result) {
        assertEquals(CrucibleSim.EXIT_OK, result.exitCode(), result.err());
        Matcher verified = VERIFIED.matcher(result.err());
        assertTrue(verified.find() && Long.parseLong(verified.group(1)) > 0, result.err());
    }

    private static void assertBadInput(CliResult result, String firstLine) {
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, result.exitCode(), result.err());
        assertTrue(result.firstErrLine().startsWith(firstLine), result.err());
    }

    @Test
    void shouldPrintTheFiveReportsOverTlsWithEveryReadVerified() {
        CliResult result = assertTimeoutPreemptively(RUN_LIMIT, () -> run("--transport", "tcp",
                "--tls-keystore", selfKeys.toString(), "--tls-truststore", selfTrust.toString(),
                "--tls-password", "file:" + passwordFile, "--ios", "3000", "--duration", "60", "--queue-depth", "8",
                "--extent-count", "4", "--extent-size", "256", "--status-interval-ms", "50"));

        assertVerified(result);
        assertTrue(result.err().contains("active on 3 downstairs servers over TCP with TLSv1.3 on loopback"),
                result.err());
        for (String script : SCRIPTS) {
            assertTrue(result.err().contains("--- " + script + " ---"), script + "\n" + result.err());
        }
        assertTrue(result.out().contains("Distribution"), result.out());
    }

    @Test
    void shouldRunAgainstTlsServersAlreadyRunningAndRefuseAStrangerAtTheFirstExchange() throws Exception {
        RegionDefinition region = new RegionDefinition(4096, 128, 4);
        List<DownstairsServer> servers = new ArrayList<>();
        Queue<String> serverLog = new ConcurrentLinkedQueue<>();
        List<String> addresses = new ArrayList<>();
        try {
            for (int id = 0; id < 3; id++) {
                DownstairsServer server = DownstairsServer.start(DownstairsConfig.of(id, region),
                        Region.sparseInMemory(region), new ProbeRegistry(), ServiceTimeModel.ZERO,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), serverLog::add, lab.downstairs());
                servers.add(server);
                addresses.add("127.0.0.1:" + server.address().getPort());
            }
            String downstairs = String.join(",", addresses);
            CliResult result = assertTimeoutPreemptively(RUN_LIMIT, () -> run("--downstairs", downstairs,
                    "--tls-keystore", lab.upstairs().keystore().toString(),
                    "--tls-truststore", lab.upstairs().truststore().toString(),
                    "--tls-password", "file:" + passwordFile, "--ios", "2000", "--duration", "60"));
            assertVerified(result);
            assertTrue(result.err().contains("active on 3 downstairs servers over TCP with TLSv1.3 at "
                    + String.join(", ", addresses)), result.err());

            CliResult stranger = assertTimeoutPreemptively(RUN_LIMIT, () -> run("--downstairs", downstairs,
                    "--tls-keystore", lab.stranger().keystore().toString(),
                    "--tls-truststore", lab.stranger().truststore().toString(),
                    "--tls-password", "file:" + passwordFile));
            assertBadInput(stranger, "crucible-sim: --downstairs: downstairs at " + addresses.get(0) + ": ");
            assertTrue(stranger.firstErrLine().contains("TLS failed: the downstairs refused the certificate of the "
                    + "keystore " + lab.stranger().keystore()) || stranger.firstErrLine().contains("Connection reset"),
                    stranger.err());

            CliResult plain = assertTimeoutPreemptively(RUN_LIMIT, () -> run("--downstairs", downstairs));
            assertEquals(CrucibleSim.EXIT_BAD_INPUT, plain.exitCode(), plain.err());
        } finally {
            servers.forEach(DownstairsServer::close);
        }
        assertTrue(serverLog.stream().anyMatch(line -> line.contains("closed: TLS handshake failed: the upstairs sent "
                + "no certificate that the truststore " + lab.downstairs().truststore() + " accepts")), "" + serverLog);
        assertTrue(serverLog.stream().anyMatch(line -> line.contains("closed: TLS handshake failed: the upstairs does "
                + "not speak TLS")), "" + serverLog);
    }

    /** {@code downstairs run} with the TLS options, as a process of its own, serves a TLS upstairs. */
    @Test
    void shouldRunAgainstDownstairsProcessesServingTls(@TempDir Path directory) throws Exception {
        List<ChildCrucibleSim> servers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        List<String> tls = List.of("--tls-keystore", lab.downstairs().keystore().toString(), "--tls-truststore",
                lab.downstairs().truststore().toString(), "--tls-password", "file:" + passwordFile);
        try {
            for (int id = 0; id < 3; id++) {
                List<String> args = new ArrayList<>(List.of("downstairs", "run", "--memory", "--address", "0.0.0.0",
                        "--extent-size", "128", "--extent-count", "4", "--id", Integer.toString(id)));
                args.addAll(tls);
                ChildCrucibleSim server = ChildCrucibleSim.startWithStdoutPipe(directory, List.of(),
                        args.toArray(String[]::new));
                servers.add(server);
                String ready = server.awaitStdoutLine("crucible-sim: downstairs ");
                addresses.add("127.0.0.1:" + ready.substring(ready.lastIndexOf(':') + 1));
            }
            CliResult result = assertTimeoutPreemptively(RUN_LIMIT, () -> run("--downstairs", String.join(",", addresses),
                    "--tls-keystore", lab.upstairs().keystore().toString(),
                    "--tls-truststore", lab.upstairs().truststore().toString(),
                    "--tls-password", "file:" + passwordFile, "--ios", "1000", "--duration", "60"));
            assertVerified(result);
            for (ChildCrucibleSim server : servers) {
                server.sigterm();
            }
            for (ChildCrucibleSim server : servers) {
                assertEquals(CrucibleSim.EXIT_OK, server.exitCode(60));
                assertTrue(server.stderrToEnd().stream().noneMatch(line -> line.contains("unencrypted")),
                        "no warning about plain TCP when TLS is on");
            }
        } finally {
            servers.forEach(ChildCrucibleSim::destroy);
        }
    }

    @Test
    void shouldNameTheOptionAndTheFileOfABadStoreOrPassword() throws Exception {
        String password = "file:" + passwordFile;
        Path missing = stores.resolve("missing.p12");
        assertBadInput(run("--transport", "tcp", "--tls-keystore", missing.toString(), "--tls-truststore",
                selfTrust.toString(), "--tls-password", password),
                "crucible-sim: --tls-keystore: keystore " + missing + ": cannot read it: no such file");

        Path wrong = Files.writeString(outDirectory.resolve("wrong-password"), "not-the-password\n");
        assertBadInput(run("--transport", "tcp", "--tls-keystore", selfKeys.toString(), "--tls-truststore",
                selfTrust.toString(), "--tls-password", "file:" + wrong),
                "crucible-sim: --tls-keystore: keystore " + selfKeys + ": the password is wrong");

        Path notPkcs12 = Files.writeString(outDirectory.resolve("trust.txt"), "not a store");
        assertBadInput(run("--transport", "tcp", "--tls-keystore", selfKeys.toString(), "--tls-truststore",
                notPkcs12.toString(), "--tls-password", password),
                "crucible-sim: --tls-truststore: truststore " + notPkcs12 + ": not a PKCS12 file");

        Path noPassword = outDirectory.resolve("no-password");
        assertBadInput(run("--transport", "tcp", "--tls-keystore", selfKeys.toString(), "--tls-truststore",
                selfTrust.toString(), "--tls-password", "file:" + noPassword),
                "crucible-sim: --tls-password: password file " + noPassword + ": cannot read it: no such file");

        assertBadInput(run("--transport", "tcp", "--tls-keystore", selfKeys.toString(), "--tls-truststore",
                selfTrust.toString(), "--tls-password", TestCertificates.PASSWORD),
                "crucible-sim: --tls-password: the password source must be env:NAME or file:PATH");

        assertBadInput(run("--transport", "tcp", "--tls-keystore", selfKeys.toString(), "--tls-password", password),
                "crucible-sim: --tls-keystore: TLS needs both --tls-keystore and --tls-truststore");
    }

    @Test
    void shouldRefuseTlsWhereThereIsNoTcpConnection() {
        assertBadInput(run("--tls-keystore", selfKeys.toString(), "--tls-truststore", selfTrust.toString()),
                "crucible-sim: --tls-keystore: TLS secures TCP connections; in-process downstairs have none");
        assertBadInput(run("--clock", "virtual", "--tls-truststore", selfTrust.toString()),
                "crucible-sim: --tls-truststore: TLS secures TCP connections, which real time has; virtual time "
                        + "simulates its links");
    }
}
