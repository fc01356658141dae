package dev.cruciblesim.sim.transport.tcp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PKCS12 stores made at test time, CA-less: each identity is a self-signed EC key pair made by the JDK's own
 * {@code keytool} (the JDK has no public API to make a certificate), and a truststore holds the certificates of the
 * identities it trusts, copied in with the KeyStore API (no keytool run, so no JVM start, per truststore).
 * Shared by the modules' tests through sim's test jar.
 */
public final class TestCertificates {
    /** Opens every store made here, and every key. */
    public static final String PASSWORD = "test-password-1";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private TestCertificates() {
    }

    /** @return {@code directory/NAME.p12}, a new keystore with a self-signed certificate for {@code CN=NAME} */
    public static Path keystore(Path directory, String name) throws IOException, InterruptedException {
        Path file = directory.resolve(name + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString(),
                // The tool's own JVM: quick to start, since it runs once per identity.
                "-J-XX:TieredStopAtLevel=1",
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", PASSWORD, "-noprompt"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
        }
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("keytool exited " + process.exitValue() + ": " + said);
        }
        return file;
    }

    /** @return {@code directory/NAME.p12}, a truststore holding the certificate of each keystore given */
    public static Path truststore(Path directory, String name, Path... trusted)
            throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (Path keystore : trusted) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(Files.newInputStream(keystore), PASSWORD.toCharArray());
            String alias = keys.aliases().nextElement();
            Certificate certificate = keys.getCertificate(alias);
            trust.setCertificateEntry(alias, certificate);
        }
        Path file = directory.resolve(name + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    /** @return settings from the two stores, opened with {@link #PASSWORD} */
    public static TlsSettings settings(Path keystore, Path truststore) throws TlsSettingsException {
        return TlsSettings.load(keystore, truststore, PASSWORD.toCharArray());
    }

    /** @return a file holding {@link #PASSWORD} on its one line, for the {@code file:PATH} password source */
    public static Path passwordFile(Path directory) throws IOException {
        return Files.writeString(directory.resolve("tls-password"), PASSWORD + "\n");
    }

    /**
     * A downstairs, an upstairs that trust each other, and a stranger whom neither trusts (who trusts the
     * downstairs, so that only the downstairs' refusal is tested with it).
     */
    public record Lab(TlsSettings downstairs, TlsSettings upstairs, TlsSettings stranger, Path directory) {
        public static Lab create(Path directory) throws IOException, InterruptedException, GeneralSecurityException,
                TlsSettingsException {
            Path downstairsKeys = keystore(directory, "downstairs");
            Path upstairsKeys = keystore(directory, "upstairs");
            Path strangerKeys = keystore(directory, "stranger");
            Path downstairsTrust = truststore(directory, "downstairs-trust", upstairsKeys);
            Path upstairsTrust = truststore(directory, "upstairs-trust", downstairsKeys);
            return new Lab(settings(downstairsKeys, downstairsTrust), settings(upstairsKeys, upstairsTrust),
                    settings(strangerKeys, upstairsTrust), directory);
        }
    }
}
