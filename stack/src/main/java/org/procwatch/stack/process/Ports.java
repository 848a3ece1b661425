package org.procwatch.stack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses loopback ports: the one asked for when it is free, else a free one below the ephemeral range.
 * A port the system hands out for port 0 comes from the range outbound connections take their local
 * ports from, so between being found free and being bound by the service it is meant for (a child process,
 * seconds later) a Kafka client's connection can take it; seen as Apicurio failing with "port in use".
 */
public final class Ports {

    /** Linux's ephemeral range starts at 32768 (and Windows' at 49152): these are clear of both. */
    private static final int FIRST = 15000;
    private static final int LAST = 32767;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /** {@code preferred} when it can be bound on 127.0.0.1, else a free port; 0 means any free port. */
    public static int preferredOrFree(int preferred) {
        if (preferred > 0 && isFree(preferred)) {
            return preferred;
        }
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST + 1);
            // Never the same one twice from this process: the first may not be bound yet.
            if (HANDED_OUT.add(port) && isFree(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
