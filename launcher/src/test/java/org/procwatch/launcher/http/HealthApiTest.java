package org.procwatch.launcher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.procwatch.launcher.cli.HttpHostOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class HealthApiTest {

    @Command(name = "app")
    static final class App {
        @Mixin
        HttpHostOption httpHost;
    }

    @Test
    void shouldListenOnThisMachineAloneUnlessToldOtherwise() throws IOException {
        App app = new App();
        new CommandLine(app).parseArgs();
        assertThat(app.httpHost.host()).isEqualTo("127.0.0.1");
        InetAddress other = otherAddress().orElse(null);
        Assumptions.assumeTrue(other != null, "this machine has no address but loopback to try the API from");

        try (ApiServer api = HealthApi.start(app.httpHost.host(), 0, "app", () -> true, Map::of, registry -> { })) {
            assertThat(connects(InetAddress.getLoopbackAddress(), api.port())).isTrue();
            assertThatThrownBy(() -> connects(other, api.port())).isInstanceOf(ConnectException.class);
        }
        new CommandLine(app).parseArgs("--http-host", "0.0.0.0");
        try (ApiServer api = HealthApi.start(app.httpHost.host(), 0, "app", () -> true, Map::of, registry -> { })) {
            assertThat(connects(other, api.port())).isTrue();
        }
    }

    private static boolean connects(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return socket.isConnected();
        }
    }

    private static Optional<InetAddress> otherAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(network -> {
                    try {
                        return network.isUp() && !network.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
    }
}
