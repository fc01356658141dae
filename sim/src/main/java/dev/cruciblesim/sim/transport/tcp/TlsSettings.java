package dev.cruciblesim.sim.transport.tcp;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * TLS for the upstairs-downstairs connections, as Crucible offers it: TLS 1.3 only, both ends authenticated. Each
 * side has a PKCS12 keystore (its own certificate and private key) and a PKCS12 truststore (the certificates it
 * accepts from the other side); a CA-less lab setup imports each side's self-signed certificate into the other's
 * truststore, and servers started inside one JVM share one pair of stores that trusts itself.
 *
 * <p>What is checked: the peer's certificate must chain to one in this side's truststore, and the server demands a
 * client certificate ({@code setNeedClientAuth(true)}). What is not: the peer's host name against its certificate
 * (no endpoint identification), since this lab tool's downstairs are named by address and their certificates by
 * whoever made them; trust comes from the truststore alone.
 *
 * <p>Passwords ({@link #readPassword}): one password opens both stores and the key (keytool gives a PKCS12 key its
 * store's password). It never comes from a command-line value, which {@code ps} shows everyone: it is
 * {@code env:NAME} (an environment variable), {@code file:PATH} (the file's first line), or, when no source is
 * named, the variable {@value #PASSWORD_VARIABLE}.
 *
 * <p>Immutable and thread-safe; one instance serves every connection of a process.
 */
public final class TlsSettings {
    /** The only protocol either end offers or accepts. */
    public static final String PROTOCOL = "TLSv1.3";
    /** Where the password comes from when no {@code env:}/{@code file:} source is named. */
    public static final String PASSWORD_VARIABLE = "CRUCIBLE_SIM_TLS_PASSWORD";
    /**
     * Longest a handshake may take, at either end: Crucible's connect timeout. A peer that connects and says
     * nothing holds a server's reader thread no longer than this.
     */
    public static final int HANDSHAKE_TIMEOUT_MS = TcpDownstairsLink.DEFAULT_CONNECT_TIMEOUT_MS;
    private static final String STORE_TYPE = "PKCS12";
    private static final String[] PROTOCOLS = {PROTOCOL};

    /** Which of the settings' inputs a {@link TlsSettingsException} is about. */
    public enum Input {
        KEYSTORE,
        TRUSTSTORE,
        PASSWORD
    }

    private final SSLContext context;
    private final Path keystore;
    private final Path truststore;

    private TlsSettings(SSLContext context, Path keystore, Path truststore) {
        this.context = context;
        this.keystore = keystore;
        this.truststore = truststore;
    }

    /**
     * Loads both stores and builds the TLS 1.3 context. The password array is not kept; the caller may clear it.
     *
     * @throws TlsSettingsException naming the file: unreadable, not PKCS12, the wrong password, a keystore with no
     *                              private key or a truststore with no certificate
     */
    public static TlsSettings load(Path keystore, Path truststore, char[] password) throws TlsSettingsException {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(truststore, "truststore");
        Objects.requireNonNull(password, "password");
        KeyStore keys = open(Input.KEYSTORE, keystore, password);
        KeyStore trusted = open(Input.TRUSTSTORE, truststore, password);
        try {
            if (!hasEntry(keys, true)) {
                throw new TlsSettingsException(Input.KEYSTORE, keystore, "keystore " + keystore
                        + ": holds no private key; it must hold this side's certificate and key", null);
            }
            if (!hasEntry(trusted, false)) {
                throw new TlsSettingsException(Input.TRUSTSTORE, truststore, "truststore " + truststore
                        + ": holds no certificate; it must hold the certificates this side accepts from its peer", null);
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            try {
                keyManagers.init(keys, password);
            } catch (UnrecoverableKeyException e) {
                throw new TlsSettingsException(Input.KEYSTORE, keystore, "keystore " + keystore
                        + ": the password does not open its private key", e);
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return new TlsSettings(context, keystore, truststore);
        } catch (GeneralSecurityException e) {
            // The JDK lacks TLS 1.3 or PKIX: nothing a user's file could fix, but still said with the files.
            throw new TlsSettingsException(Input.KEYSTORE, keystore, "cannot build TLS from keystore " + keystore
                    + " and truststore " + truststore + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore open(Input input, Path file, char[] password) throws TlsSettingsException {
        String role = input == Input.KEYSTORE ? "keystore " : "truststore ";
        byte[] bytes;
        try {
            // Read first, so that a missing file and a wrong password are told apart.
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TlsSettingsException(input, file, role + file + ": cannot read it: " + unreadable(e), e);
        }
        try {
            KeyStore store = KeyStore.getInstance(STORE_TYPE);
            store.load(new ByteArrayInputStream(bytes), password);
            return store;
        } catch (IOException e) {
            // PKCS12's load reports a wrong password as an IOException caused by an UnrecoverableKeyException.
            String why = e.getCause() instanceof UnrecoverableKeyException
                    ? "the password is wrong (or the file is damaged)"
                    : "not a PKCS12 file (" + describe(e) + ")";
            throw new TlsSettingsException(input, file, role + file + ": " + why, e);
        } catch (GeneralSecurityException e) {
            throw new TlsSettingsException(input, file, role + file + ": cannot load it: " + describe(e), e);
        }
    }

    private static boolean hasEntry(KeyStore store, boolean privateKey) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (privateKey ? store.isKeyEntry(alias) : store.isCertificateEntry(alias) || store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The password rule, one for every command: {@code env:NAME} is the environment variable NAME; {@code file:PATH}
     * is the first line of that file, without its line end; no source ({@code null}) is the variable
     * {@value #PASSWORD_VARIABLE}. Anything else is refused: a password written on the command line is visible to
     * every user in {@code ps}.
     *
     * @param source      {@code env:NAME}, {@code file:PATH} or null
     * @param environment the environment's variables by name ({@code System::getenv} outside tests)
     * @throws TlsSettingsException saying which source gave nothing, or that a literal password is not taken
     */
    public static char[] readPassword(String source, Function<String, String> environment)
            throws TlsSettingsException {
        Objects.requireNonNull(environment, "environment");
        if (source == null) {
            return fromVariable(PASSWORD_VARIABLE, environment, "no password source is named and the variable ");
        }
        if (source.startsWith("env:") && source.length() > "env:".length()) {
            return fromVariable(source.substring("env:".length()), environment, "the variable ");
        }
        if (source.startsWith("file:") && source.length() > "file:".length()) {
            Path file = Path.of(source.substring("file:".length()));
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new TlsSettingsException(Input.PASSWORD, file, "password file " + file + ": cannot read it: "
                        + unreadable(e), e);
            }
            int lineEnd = text.indexOf('\n');
            String line = lineEnd < 0 ? text : text.substring(0, lineEnd);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                throw new TlsSettingsException(Input.PASSWORD, file, "password file " + file
                        + ": its first line is empty", null);
            }
            return line.toCharArray();
        }
        throw new TlsSettingsException(Input.PASSWORD, null, "the password source must be env:NAME or file:PATH "
                + "(a password written on the command line would show in ps)", null);
    }

    private static char[] fromVariable(String name, Function<String, String> environment, String saying)
            throws TlsSettingsException {
        String value = environment.apply(name);
        if (value == null || value.isEmpty()) {
            throw new TlsSettingsException(Input.PASSWORD, null, saying + name + " is not set", null);
        }
        return value.toCharArray();
    }

    /**
     * The client's end: TLS over {@code connected}, handshaken before this returns, within {@code connected}'s
     * read timeout (the caller sets it). The returned socket is layered without auto-close: {@code connected} stays
     * the caller's to close, even after a fatal alert, so that the socket has one owner.
     *
     * @throws SSLException for a failed handshake; {@link #whyFailed} words it
     */
    public SSLSocket handshakeAsClient(Socket connected, InetSocketAddress peer) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(connected, peer.getHostString(),
                peer.getPort(), false);
        socket.setEnabledProtocols(PROTOCOLS);
        socket.setUseClientMode(true);
        socket.startHandshake();
        return socket;
    }

    /**
     * The server's end over an accepted socket, requiring the client's certificate. The handshake is left to the
     * caller ({@link SSLSocket#startHandshake()}), so that it runs on the connection's own thread, not the accept
     * thread a slow peer would stall. Layered without auto-close, as for the client.
     */
    public SSLSocket serverSocket(Socket accepted) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(accepted, null, accepted.getPort(),
                false);
        socket.setEnabledProtocols(PROTOCOLS);
        socket.setUseClientMode(false);
        socket.setNeedClientAuth(true);
        return socket;
    }

    /**
     * Why a TLS exchange failed, in words that say which side's files to look at; the JDK's own text follows in
     * parentheses where it adds something.
     *
     * @param peerName what to call the other end, e.g. "the downstairs" or "the upstairs"
     */
    public String whyFailed(IOException e, String peerName) {
        String jdk = describe(e);
        String lower = jdk.toLowerCase(Locale.ROOT);
        if (lower.contains("pkix path building failed") || lower.contains("unable to find valid certification path")) {
            return "the certificate of " + peerName + " is not trusted by the truststore " + truststore;
        }
        if (lower.contains("pkix path validation failed") || lower.contains("certificate_expired")
                || lower.contains("validity check failed")) {
            return "a certificate was refused (" + jdk + ")";
        }
        if (lower.contains("bad_certificate") || lower.contains("certificate_unknown")
                || lower.contains("certificate_required") || lower.contains("unsupported_certificate")) {
            return peerName + " refused the certificate of the keystore " + keystore + " (" + jdk + ")";
        }
        if (lower.contains("empty client certificate chain")) {
            return peerName + " sent no certificate that the truststore " + truststore + " accepts (" + jdk + ")";
        }
        if (lower.contains("protocol_version") || lower.contains("protocol versions")
                || lower.contains("no appropriate protocol")) {
            return "no protocol version in common: this end speaks " + PROTOCOL + " only (" + jdk + ")";
        }
        if (lower.contains("unrecognized ssl message") || lower.contains("unsupported or unrecognized")) {
            return peerName + " does not speak TLS (" + jdk + ")";
        }
        // A peer that refuses our certificate sends its alert and closes; when our own flight is still being written,
        // the reset overtakes the alert and all this end sees is the broken connection. The peer's log has the reason.
        if (lower.contains("broken pipe") || lower.contains("connection reset")) {
            return peerName + " closed the connection; its log says why (" + jdk + ")";
        }
        return jdk;
    }

    /** @return this side's certificate and key */
    public Path keystore() {
        return keystore;
    }

    /** @return the certificates this side accepts from its peer */
    public Path truststore() {
        return truststore;
    }

    /** @return the exception's own message, or its type where it has none: the JDK's TLS errors often chain */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message != null && !message.isBlank() ? message : e.getClass().getSimpleName();
    }

    /** Why a file could not be read, without the path the message already names. */
    private static String unreadable(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return describe(e);
    }

    /** Clears a password once it has been used, so it lingers in the heap no longer than needed. */
    public static void clear(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String toString() {
        return "TlsSettings[" + PROTOCOL + ", keystore " + keystore + ", truststore " + truststore + "]";
    }
}
