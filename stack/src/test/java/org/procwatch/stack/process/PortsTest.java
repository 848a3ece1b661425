package org.procwatch.stack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void shouldChooseFreePortsBelowTheEphemeralRangeAndNeverTheSameTwice() {
        Set<Integer> chosen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = Ports.preferredOrFree(0);
            assertThat(port).isBetween(15000, 32767);
            assertThat(chosen.add(port)).as("port %d chosen twice", port).isTrue();
        }
    }

    @Test
    void shouldGiveThePreferredPortOnlyWhenItIsFree() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            assertThat(Ports.isFree(port)).isFalse();
            assertThat(Ports.preferredOrFree(port)).isNotEqualTo(port);
        }
        int free = Ports.preferredOrFree(0);
        assertThat(Ports.preferredOrFree(free)).isEqualTo(free);
    }
}
