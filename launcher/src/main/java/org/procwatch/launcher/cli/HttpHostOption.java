package org.procwatch.launcher.cli;

import picocli.CommandLine.Option;

/**
 * {@code --http-host} (CONTRACTS section 2), for every command that serves HTTP: the address it listens on. This
 * machine alone unless the operator says otherwise, as in a container whose port is published, or whose replicas ask
 * each other for the keys they hold.
 */
public final class HttpHostOption {

    public static final String LOOPBACK = "127.0.0.1";

    @Option(names = "--http-host", defaultValue = LOOPBACK, paramLabel = "HOST",
            description = "The address the HTTP API listens on (default: ${DEFAULT-VALUE}, this machine only); 0.0.0.0 for every "
                    + "interface, as in a container.")
    String host;

    public String host() {
        return host;
    }
}
