package org.procwatch.stack.kafka;

import org.procwatch.stack.files.PrivateFolders;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.procwatch.stack.process.ChildProcess;
import org.procwatch.stack.process.ServiceProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one JVM), bound to 127.0.0.1,
 * with its log directories under the data folder so a restart keeps every topic. It runs in its own JVM,
 * from this JVM's classpath, so it can be stopped, killed and restarted like a real broker.
 */
public final class KafkaBroker extends ServiceProcess {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path home;
    private final int port;
    private final int controllerPort;
    private final SecureListener secure;

    /**
     * @param home           the broker's folder: configuration, log directories and its own log file
     * @param port           the client port
     * @param controllerPort the KRaft controller port
     */
    public KafkaBroker(Path home, int port, int controllerPort) {
        this(home, port, controllerPort, null);
    }

    /** A broker with a SASL_SSL listener too, beside the plaintext one it uses itself. */
    public KafkaBroker(Path home, int port, int controllerPort, SecureListener secure) {
        super("Kafka broker");
        this.home = home;
        this.port = port;
        this.controllerPort = controllerPort;
        this.secure = secure;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Formats the storage on first use, starts the broker and waits until it answers clients. */
    public void start() throws IOException {
        PrivateFolders.create(home);
        Path config = writeConfig();
        Path logConfig = writeLogConfig();
        List<String> jvm = List.of("-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + logConfig);
        if (!Files.exists(logDir().resolve("meta.properties"))) {
            format(jvm, config);
        }
        long started = System.nanoTime();
        started(ChildProcess.start("Kafka broker",
                ChildProcess.javaCommand(jvm, classpath(), "kafka.Kafka", List.of(config.toString())),
                home, home.resolve("broker.log")));
        // Waiting for the port first keeps the admin client from logging a warning per refused connection.
        awaitReady("listen on " + bootstrapServers(), START_TIMEOUT, this::listening);
        try (Admin admin = Admin.create(adminConfig())) {
            awaitReady("answer clients", START_TIMEOUT, () -> clusterAnswers(admin));
        }
        log.info("Kafka broker ready on {} in {} ms (log: {})", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), process().logFile());
    }

    private Path logDir() {
        return home.resolve("data");
    }

    private Path writeConfig() throws IOException {
        String secureListener = secure == null ? "" : ",SASL_SSL://127.0.0.1:" + secure.port();
        Properties props = new Properties();
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort + secureListener),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + secureListener),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL"),
                Map.entry("log.dirs", logDir().toString()),
                // A single node can hold one replica of everything; without these, groups and transactions hang.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                // Fewer internal partitions make the first consumer group and transaction start in a moment.
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // Topics come from procwatch's descriptors; a typo must fail, not create a topic.
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "1")));
        if (secure != null) {
            props.putAll(secure.brokerConfig());
        }
        Path file = home.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            props.store(out, "Written by procwatch at every start; edits are overwritten");
        }
        return file;
    }

    private Path writeLogConfig() throws IOException {
        Path file = home.resolve("log4j2.xml");
        try (InputStream in = KafkaBroker.class.getResourceAsStream("broker-log4j2.xml")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    /** KRaft needs formatted storage; the cluster id is kept in meta.properties from then on. */
    private void format(List<String> jvm, Path config) throws IOException {
        String clusterId = Uuid.randomUuid().toString();
        log.info("Formatting Kafka storage in {} (cluster id {})", logDir(), clusterId);
        List<String> arguments = new ArrayList<>(List.of("format", "--ignore-formatted", "-t", clusterId, "-c", config.toString()));
        if (secure != null) {
            arguments.addAll(secure.formatArguments());
        }
        ChildProcess formatter = ChildProcess.start("Kafka storage format",
                ChildProcess.javaCommand(jvm, classpath(), "kafka.tools.StorageTool", arguments),
                home, home.resolve("format.log"));
        int exitCode = formatter.awaitExit(Duration.ofSeconds(60));
        if (!Files.exists(logDir().resolve("meta.properties"))) {
            throw new IOException("Formatting Kafka storage in " + logDir() + " failed (exit code " + exitCode + "): "
                    + formatter.tail(20));
        }
    }

    private Properties adminConfig() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        return props;
    }

    private boolean listening() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean clusterAnswers(Admin admin) {
        try {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
    }

    private static String classpath() {
        return System.getProperty("java.class.path");
    }
}
