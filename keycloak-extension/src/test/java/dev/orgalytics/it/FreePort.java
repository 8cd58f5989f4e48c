package dev.orgalytics.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Listening ports for the servers the tests start (Keycloak, its management and cluster ports, the
 * exporter, Prometheus), picked below the kernel's ephemeral port range.
 *
 * <p>Why not {@code new ServerSocket(0)}: that port comes from the ephemeral range, and until the server
 * binds it (a minute later for a Keycloak node on a busy machine) any outgoing connection may take it as
 * its local port: a node's JDBC pool, JGroups, the tests' HTTP clients. CI once lost a cluster test to a
 * second node's "Port already bound". The kernel never hands out ports below the range for outgoing
 * connections, so there only another listener can collide, and a random pick among some twenty thousand
 * makes two runs on one machine unlikely to meet.
 */
public final class FreePort {
    private static final int LOWEST = 10_000;
    /** Linux's default low end of {@code ip_local_port_range}; used where the file cannot be read. */
    private static final int DEFAULT_EPHEMERAL_LOW = 32_768;
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePort() {
    }

    /** A port free now, never given before in this JVM. */
    public static int next() {
        return next(0);
    }

    /**
     * A port that is free now, as is the port {@code offset} above it (JGroups' failure detection listens
     * at the bind port plus an offset); neither was given before in this JVM. An offset of 0 asks for the
     * one port.
     */
    public static int next(int offset) {
        int high = ephemeralLow() - 1 - offset;
        if (high - LOWEST < 1_000) {
            throw new IllegalStateException("The ephemeral port range starts at " + ephemeralLow()
                    + ": too low to pick ports for test servers below it");
        }
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, high + 1);
            if (!GIVEN.contains(port) && !GIVEN.contains(port + offset) && bindable(port) && bindable(port + offset)
                    && GIVEN.add(port)) {
                GIVEN.add(port + offset);
                return port;
            }
        }
        throw new IllegalStateException("No free port between " + LOWEST + " and " + high + " after 1,000 tries");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeralLow() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (!Files.isReadable(range)) {
            return DEFAULT_EPHEMERAL_LOW;
        }
        // One line read as a stream: Files.readString trusts the size /proc reports and cut it short here.
        try (BufferedReader in = Files.newBufferedReader(range)) {
            return Integer.parseInt(in.readLine().trim().split("\\s+")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
