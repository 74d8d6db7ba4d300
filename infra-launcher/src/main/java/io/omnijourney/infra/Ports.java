package io.omnijourney.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks loopback ports below the kernel's ephemeral range. A port from that range could be taken,
 * while a broker is stopped, by an outgoing connection, or by a client that keeps reconnecting to
 * it and ends up connected to itself; either would keep the broker from coming back on it.
 */
final class Ports {

    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 50;

    private Ports() {
    }

    static int resolve(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("Port out of range: " + port);
        }
        return port == 0 ? freePort() : port;
    }

    /** Like {@link #resolve(int)}, but a picked port never equals {@code taken}. */
    static int resolveDistinct(int port, int taken) {
        int resolved = resolve(port);
        while (port == 0 && resolved == taken) {
            resolved = freePort();
        }
        return resolved;
    }

    /** A loopback port free right now; callers keep it so that a restart binds the same address. */
    static int freePort() {
        int ephemeralStart = ephemeralRangeStart();
        if (ephemeralStart > LOWEST + 1_000) {
            for (int i = 0; i < ATTEMPTS; i++) {
                int candidate = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralStart);
                if (isFree(candidate)) {
                    return candidate;
                }
            }
        }
        return anyFreePort();
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int anyFreePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    /** Linux publishes the range; elsewhere assume the IANA one, which starts at 49152. */
    private static int ephemeralRangeStart() {
        // Read as a stream: Files.readString trusts the size /proc reports and returns a fragment.
        try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 49_152;
        }
    }
}
