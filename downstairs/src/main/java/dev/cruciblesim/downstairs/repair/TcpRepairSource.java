package dev.cruciblesim.downstairs.repair;

import dev.cruciblesim.downstairs.region.ExtentImage;
import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Objects;

/**
 * Fetches an extent from the source's {@link RepairServer} over TCP: one connection per extent, one request, one
 * response ({@link RepairFrames}). Every wait is bounded, so a source that is gone or silent fails the repair step
 * with a message rather than hanging the destination (and with it the upstairs' reconciliation).
 */
public final class TcpRepairSource implements RepairSource {
    /** O's connect timeout (§7.4). */
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    /** O's upstairs gives up on a silent downstairs in reconcile after 40 s (§7.4): a copy must come well within it. */
    public static final int DEFAULT_READ_TIMEOUT_MS = 30_000;

    private final RegionDefinition definition;
    private final int connectTimeoutMs;
    private final int readTimeoutMs;

    /** @param definition this downstairs' geometry, which the source's must match: a copy is accepted only whole */
    public TcpRepairSource(RegionDefinition definition) {
        this(definition, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_READ_TIMEOUT_MS);
    }

    /** @param readTimeoutMs the longest wait for any one read of the response */
    public TcpRepairSource(RegionDefinition definition, int connectTimeoutMs, int readTimeoutMs) {
        this.definition = Objects.requireNonNull(definition, "definition");
        if (connectTimeoutMs <= 0 || readTimeoutMs <= 0) {
            throw new IllegalArgumentException("repair timeouts must be positive, got connect " + connectTimeoutMs
                    + " ms and read " + readTimeoutMs + " ms");
        }
        this.connectTimeoutMs = connectTimeoutMs;
        this.readTimeoutMs = readTimeoutMs;
    }

    @Override
    public ExtentImage fetch(int sourceClientId, InetSocketAddress sourceRepairAddress, int extent) {
        String source = "source client " + sourceClientId + " at " + sourceRepairAddress;
        if (sourceRepairAddress.getPort() == 0) {
            throw new RepairException(source + " runs no repair server (port 0), so extent " + extent
                    + " cannot be fetched over TCP");
        }
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(sourceRepairAddress, connectTimeoutMs);
            socket.setSoTimeout(readTimeoutMs);
            socket.getOutputStream().write(RepairFrames.request(extent));
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            return RepairFrames.readResponse(in, extent, definition);
        } catch (SocketTimeoutException e) {
            throw new RepairException(source + ": no answer within " + readTimeoutMs + " ms for extent " + extent, e);
        } catch (RepairException e) {
            throw new RepairException(source + ": extent " + extent + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RepairException(source + ": fetching extent " + extent + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TcpRepairSource[connect " + connectTimeoutMs + " ms, read " + readTimeoutMs + " ms]";
    }
}
