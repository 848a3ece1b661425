package org.procwatch.stack;

import org.procwatch.stack.files.PrivateFolders;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.procwatch.stack.process.Ports;

/**
 * The loopback ports of the stack's services. A data folder remembers the ports it last ran on, so a
 * restart comes back on the same addresses; a port that is taken, by then, is replaced by a free one.
 *
 * @param kafka             Kafka's client port
 * @param kafkaController   Kafka's KRaft controller port
 * @param registry          the schema registry's API port
 * @param registryManagement the schema registry's health port
 * @param postgres          PostgreSQL's port
 */
public record StackPorts(int kafka, int kafkaController, int registry, int registryManagement, int postgres) {

    private static final String FILE = "ports.properties";

    /** The usual ports of each service, tried first by {@code ./procwatch run}. */
    public static StackPorts conventional() {
        return new StackPorts(9092, 9093, 8081, 9001, 5432);
    }

    /** No port asked for: any free ports, what tests use so they never collide with anything. */
    public static StackPorts anyFree() {
        return new StackPorts(0, 0, 0, 0, 0);
    }

    /**
     * The ports to run on now. Each port is the one asked for explicitly (non-zero in {@code explicit}),
     * else the one remembered in {@code dataDir}, else the one in {@code fallback}; any of them that is taken
     * (or 0) is replaced by a free port. The choice is remembered for the next start.
     */
    public static StackPorts resolve(Path dataDir, StackPorts explicit, StackPorts fallback) throws IOException {
        StackPorts base = remembered(dataDir).orElse(fallback);
        StackPorts chosen = new StackPorts(
                Ports.preferredOrFree(first(explicit.kafka, base.kafka)),
                Ports.preferredOrFree(first(explicit.kafkaController, base.kafkaController)),
                Ports.preferredOrFree(first(explicit.registry, base.registry)),
                Ports.preferredOrFree(first(explicit.registryManagement, base.registryManagement)),
                Ports.preferredOrFree(first(explicit.postgres, base.postgres)));
        chosen.remember(dataDir);
        return chosen;
    }

    private static int first(int explicit, int otherwise) {
        return explicit != 0 ? explicit : otherwise;
    }

    private static Optional<StackPorts> remembered(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        try {
            return Optional.of(new StackPorts(
                    Integer.parseInt(props.getProperty("kafka", "0")),
                    Integer.parseInt(props.getProperty("kafka.controller", "0")),
                    Integer.parseInt(props.getProperty("registry", "0")),
                    Integer.parseInt(props.getProperty("registry.management", "0")),
                    Integer.parseInt(props.getProperty("postgres", "0"))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void remember(Path dataDir) throws IOException {
        PrivateFolders.create(dataDir);
        Properties props = new Properties();
        props.setProperty("kafka", Integer.toString(kafka));
        props.setProperty("kafka.controller", Integer.toString(kafkaController));
        props.setProperty("registry", Integer.toString(registry));
        props.setProperty("registry.management", Integer.toString(registryManagement));
        props.setProperty("postgres", Integer.toString(postgres));
        try (Writer out = Files.newBufferedWriter(dataDir.resolve(FILE))) {
            props.store(out, "The ports procwatch's embedded services last ran on");
        }
    }
}
