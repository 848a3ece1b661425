package org.procwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.stack.process.Ports;

class StackPortsTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldComeBackOnTheRememberedPorts() throws Exception {
        StackPorts first = StackPorts.resolve(dataDir, StackPorts.anyFree(), StackPorts.anyFree());

        StackPorts second = StackPorts.resolve(dataDir, StackPorts.anyFree(), StackPorts.anyFree());

        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldPreferAnExplicitPortToARememberedOne() throws Exception {
        StackPorts first = StackPorts.resolve(dataDir, StackPorts.anyFree(), StackPorts.anyFree());
        int wanted = Ports.preferredOrFree(0);

        StackPorts second = StackPorts.resolve(dataDir, new StackPorts(wanted, 0, 0, 0, 0), StackPorts.anyFree());

        assertThat(second.kafka()).isEqualTo(wanted);
        assertThat(second.registry()).isEqualTo(first.registry());
    }

    @Test
    void shouldReplaceARememberedPortThatIsNowTaken() throws Exception {
        StackPorts first = StackPorts.resolve(dataDir, StackPorts.anyFree(), StackPorts.anyFree());
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), first.postgres()));

            StackPorts second = StackPorts.resolve(dataDir, StackPorts.anyFree(), StackPorts.anyFree());

            assertThat(second.postgres()).isNotEqualTo(first.postgres()).isPositive();
            assertThat(second.kafka()).isEqualTo(first.kafka());
        }
    }

    @Test
    void shouldUseTheFallbackOnAFreshFolder() throws Exception {
        int free = Ports.preferredOrFree(0);

        StackPorts ports = StackPorts.resolve(dataDir, StackPorts.anyFree(), new StackPorts(free, 0, 0, 0, 0));

        assertThat(ports.kafka()).isEqualTo(free);
    }
}
