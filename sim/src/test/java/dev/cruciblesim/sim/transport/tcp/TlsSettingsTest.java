package dev.cruciblesim.sim.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;

/** Loading the stores and finding the password: each mistake is one message naming its file or source. */
class TlsSettingsTest {
    @TempDir
    static Path stores;
    private static Path keystore;
    private static Path truststore;

    @TempDir
    Path directory;

    @BeforeAll
    static void makeStores() throws Exception {
        keystore = TestCertificates.keystore(stores, "side");
        truststore = TestCertificates.truststore(stores, "side-trust", keystore);
    }

    private static char[] password() {
        return TestCertificates.PASSWORD.toCharArray();
    }

    @Test
    void shouldLoadAKeystoreAndATruststore() throws Exception {
        TlsSettings tls = TlsSettings.load(keystore, truststore, password());
        assertEquals(keystore, tls.keystore());
        assertEquals(truststore, tls.truststore());
        assertTrue(tls.toString().contains("TLSv1.3"), tls.toString());
    }

    @Test
    void shouldNameAKeystoreThatCannotBeRead() {
        Path missing = directory.resolve("missing.p12");
        TlsSettingsException e = assertThrows(TlsSettingsException.class,
                () -> TlsSettings.load(missing, truststore, password()));
        assertEquals(TlsSettings.Input.KEYSTORE, e.input());
        assertEquals(missing, e.file());
        assertTrue(e.getMessage().startsWith("keystore " + missing + ": cannot read it: "), e.getMessage());
    }

    @Test
    void shouldSayThePasswordIsWrong() {
        TlsSettingsException e = assertThrows(TlsSettingsException.class,
                () -> TlsSettings.load(keystore, truststore, "not-it".toCharArray()));
        assertEquals(TlsSettings.Input.KEYSTORE, e.input());
        assertEquals("keystore " + keystore + ": the password is wrong (or the file is damaged)", e.getMessage());
    }

    @Test
    void shouldSayAFileIsNotPkcs12() throws Exception {
        Path text = Files.writeString(directory.resolve("trust.pem"), "-----BEGIN CERTIFICATE-----\n");
        TlsSettingsException e = assertThrows(TlsSettingsException.class,
                () -> TlsSettings.load(keystore, text, password()));
        assertEquals(TlsSettings.Input.TRUSTSTORE, e.input());
        assertTrue(e.getMessage().startsWith("truststore " + text + ": not a PKCS12 file ("), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void shouldRefuseStoresSwappedOrEmpty() throws Exception {
        TlsSettingsException swapped = assertThrows(TlsSettingsException.class,
                () -> TlsSettings.load(truststore, keystore, password()));
        assertEquals("keystore " + truststore + ": holds no private key; it must hold this side's certificate and key",
                swapped.getMessage());

        KeyStore nothing = KeyStore.getInstance("PKCS12");
        nothing.load(null, null);
        Path empty = directory.resolve("empty.p12");
        try (OutputStream out = Files.newOutputStream(empty)) {
            nothing.store(out, password());
        }
        TlsSettingsException none = assertThrows(TlsSettingsException.class,
                () -> TlsSettings.load(keystore, empty, password()));
        assertEquals(TlsSettings.Input.TRUSTSTORE, none.input());
        assertTrue(none.getMessage().startsWith("truststore " + empty + ": holds no certificate"), none.getMessage());
    }

    @Test
    void shouldTakeThePasswordFromTheNamedVariableTheFileOrTheDefaultVariable() throws Exception {
        Map<String, String> environment = Map.of("MY_TLS", "from-env", TlsSettings.PASSWORD_VARIABLE, "default");
        assertArrayEquals("from-env".toCharArray(), TlsSettings.readPassword("env:MY_TLS", environment::get));
        assertArrayEquals("default".toCharArray(), TlsSettings.readPassword(null, environment::get));

        Path file = Files.writeString(directory.resolve("password"), "from-file\r\nsecond line\n");
        assertArrayEquals("from-file".toCharArray(), TlsSettings.readPassword("file:" + file, environment::get));
    }

    @Test
    void shouldSayWhereNoPasswordWasFoundAndRefuseALiteralOne() throws Exception {
        Map<String, String> environment = Map.of();
        TlsSettingsException unset = assertThrows(TlsSettingsException.class,
                () -> TlsSettings.readPassword(null, environment::get));
        assertEquals(TlsSettings.Input.PASSWORD, unset.input());
        assertEquals("no password source is named and the variable CRUCIBLE_SIM_TLS_PASSWORD is not set",
                unset.getMessage());
        assertEquals("the variable NOPE is not set", assertThrows(TlsSettingsException.class,
                () -> TlsSettings.readPassword("env:NOPE", environment::get)).getMessage());

        Path missing = directory.resolve("no-such-file");
        TlsSettingsException unreadable = assertThrows(TlsSettingsException.class,
                () -> TlsSettings.readPassword("file:" + missing, environment::get));
        assertEquals(missing, unreadable.file());
        assertTrue(unreadable.getMessage().startsWith("password file " + missing + ": cannot read it: "),
                unreadable.getMessage());
        Path blank = Files.writeString(directory.resolve("blank"), "\n");
        assertEquals("password file " + blank + ": its first line is empty", assertThrows(TlsSettingsException.class,
                () -> TlsSettings.readPassword("file:" + blank, environment::get)).getMessage());

        TlsSettingsException literal = assertThrows(TlsSettingsException.class,
                () -> TlsSettings.readPassword("hunter2", environment::get));
        assertTrue(literal.getMessage().contains("env:NAME or file:PATH"), literal.getMessage());
        assertTrue(literal.getMessage().contains("would show in ps"), literal.getMessage());
    }

    @Test
    void shouldSayWhichSideToAskWhenAHandshakeFails() throws Exception {
        TlsSettings tls = TlsSettings.load(keystore, truststore, password());
        assertEquals("the upstairs refused the certificate of the keystore " + keystore
                + " (Received fatal alert: bad_certificate)",
                tls.whyFailed(new javax.net.ssl.SSLHandshakeException("Received fatal alert: bad_certificate"),
                        "the upstairs"));
        // The reset of a peer that closed after its alert can overtake the alert; the reason is then in its log.
        assertEquals("the upstairs closed the connection; its log says why (Broken pipe)",
                tls.whyFailed(new java.net.SocketException("Broken pipe"), "the upstairs"));
        assertEquals("the downstairs closed the connection; its log says why (Connection reset)",
                tls.whyFailed(new java.net.SocketException("Connection reset"), "the downstairs"));
        assertEquals("Read timed out", tls.whyFailed(new java.net.SocketTimeoutException("Read timed out"),
                "the upstairs"));
    }
}
