package dev.cruciblesim.bench.cli;

import dev.cruciblesim.sim.transport.tcp.TlsSettings;
import dev.cruciblesim.sim.transport.tcp.TlsSettingsException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The TLS options of every command that opens or serves the upstairs-downstairs TCP connections, as a picocli mixin,
 * so that {@code run} and {@code downstairs run} take the same options with the same rules:
 *
 * <pre>
 *  &#64;CommandLine.Mixin
 *  TlsOptions tls = new TlsOptions();
 *  ...
 *  TlsSettings settings = tls.settings();   // null without the options; bad input is a ParameterException
 * </pre>
 *
 * <p>Both stores or neither: TLS here is mutual, each side proving itself with its keystore and checking its peer
 * against its truststore. The password is never a value on the command line, which {@code ps} shows to every user:
 * {@code --tls-password env:NAME} or {@code file:PATH}, or else the variable {@value TlsSettings#PASSWORD_VARIABLE}
 * ({@link TlsSettings#readPassword}). Every mistake is one line naming the option and the file.
 */
final class TlsOptions {
    static final String KEYSTORE = "--tls-keystore";
    static final String TRUSTSTORE = "--tls-truststore";
    static final String PASSWORD = "--tls-password";

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = KEYSTORE, paramLabel = "FILE",
            description = "TLS 1.3 on the upstairs-downstairs connections: this side's certificate and private key, "
                    + "a PKCS12 file. Needs " + TRUSTSTORE + " (default: plain TCP).")
    Path keystore;

    @Option(names = TRUSTSTORE, paramLabel = "FILE",
            description = "The certificates accepted from the other side, a PKCS12 file; each side must present one "
                    + "(mutual authentication). Host names are not checked. Needs " + KEYSTORE + ".")
    Path truststore;

    @Option(names = PASSWORD, paramLabel = "env:NAME|file:PATH",
            description = "Where the stores' password is (one for both, and the key): an environment variable or the "
                    + "first line of a file, never the password itself, which ps would show "
                    + "(default: the variable " + TlsSettings.PASSWORD_VARIABLE + ").")
    String passwordSource;

    /** The process's environment; tests give their own. */
    Function<String, String> environment = System::getenv;

    private TlsSettings loaded;

    /** @return whether any TLS option was given */
    boolean requested() {
        return keystore != null || truststore != null || passwordSource != null;
    }

    /** @return the first TLS option given, to name when a command refuses TLS; null when none was */
    String givenOption() {
        return keystore != null ? KEYSTORE : truststore != null ? TRUSTSTORE : passwordSource != null ? PASSWORD : null;
    }

    /**
     * Loads the stores, the first time it is called; later calls return the same settings.
     *
     * @return the settings, or null when no TLS option was given
     * @throws CommandLine.ParameterException one line naming the option (and its file): one store without the
     *                                        other, a password that cannot be found, a store that does not open
     */
    TlsSettings settings() {
        if (loaded != null || !requested()) {
            return loaded;
        }
        if (keystore == null || truststore == null) {
            String given = keystore != null ? KEYSTORE : truststore != null ? TRUSTSTORE : PASSWORD;
            throw badInput(given + ": TLS needs both " + KEYSTORE + " and " + TRUSTSTORE + " (each side shows its "
                    + "certificate and checks the other's)");
        }
        char[] password = null;
        try {
            password = TlsSettings.readPassword(passwordSource, environment);
            loaded = TlsSettings.load(keystore, truststore, password);
            return loaded;
        } catch (TlsSettingsException e) {
            String option = switch (e.input()) {
                case KEYSTORE -> KEYSTORE;
                case TRUSTSTORE -> TRUSTSTORE;
                case PASSWORD -> PASSWORD;
            };
            throw badInput(option + ": " + e.getMessage());
        } finally {
            TlsSettings.clear(password);
        }
    }

    private CommandLine.ParameterException badInput(String message) {
        return new CommandLine.ParameterException(mixee.commandLine(), message);
    }
}
