package org.procwatch.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.stack.kafka.KafkaBroker;
import org.procwatch.stack.kafka.KafkaTopics;
import org.procwatch.stack.postgres.PostgresServer;
import org.procwatch.stack.registry.ApicurioRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real services procwatch runs on, started on 127.0.0.1 with all their state under one data folder:
 * an Apache Kafka broker (KRaft), Apicurio Registry (Confluent-compatible API) and PostgreSQL. Both
 * {@code ./procwatch run} and the integration tests use it. A restart on the same folder resumes.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final Path dataDir;
    private final KafkaBroker kafka;
    private final ApicurioRegistry registry;
    private final PostgresServer postgres;

    private LocalStack(Path dataDir, StackPorts ports, Path apicurioDistribution) {
        this.dataDir = dataDir;
        this.kafka = new KafkaBroker(dataDir.resolve("kafka"), ports.kafka(), ports.kafkaController());
        this.registry = new ApicurioRegistry(apicurioDistribution, dataDir.resolve("registry"), ports.registry(), ports.registryManagement());
        this.postgres = new PostgresServer(dataDir.resolve("postgres"), dataDir.resolve("secrets").resolve("postgres-password"),
                dataDir.resolve("logs"), ports.postgres());
    }

    /**
     * Starts the three services side by side, waits until each answers, and creates the given topics.
     *
     * @param dataDir  where all state lives
     * @param explicit ports asked for (0: not asked)
     * @param fallback ports to try when neither asked for nor remembered from the last run on this folder
     * @param topics   topics to create when missing
     */
    public static LocalStack start(Path dataDir, StackPorts explicit, StackPorts fallback,
                                   Collection<? extends TopicDescriptor<?, ?>> topics) throws IOException {
        Path distribution = ApicurioRegistry.locateDistribution();
        StackPorts ports = StackPorts.resolve(dataDir, explicit, fallback);
        LocalStack stack = new LocalStack(dataDir.toAbsolutePath(), ports, distribution);
        long started = System.nanoTime();
        ExecutorService starters = Executors.newFixedThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "stack-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            starts.add(CompletableFuture.runAsync(stack.unchecked(stack.postgres::start), starters));
            starts.add(CompletableFuture.runAsync(stack.unchecked(stack.kafka::start), starters));
            starts.add(CompletableFuture.runAsync(stack.unchecked(stack.registry::start), starters));
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
            KafkaTopics.ensure(stack.bootstrapServers(), topics);
        } catch (CompletionException | IllegalStateException e) {
            stack.close();
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new IOException("The local stack did not start: " + cause.getMessage(), cause);
        } finally {
            starters.shutdownNow();
        }
        log.info("Local stack ready in {} ms under {}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), stack.dataDir);
        return stack;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The Confluent-API base URL of the registry. */
    public String schemaRegistryUrl() {
        return registry.confluentApiUrl();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public DataSource dataSource() {
        return postgres.dataSource();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The broker itself, for tests that stop or kill it. */
    public KafkaBroker kafka() {
        return kafka;
    }

    /** The registry itself, for tests that stop or kill it. */
    public ApicurioRegistry registry() {
        return registry;
    }

    /** The database server itself, for tests that stop it. */
    public PostgresServer postgres() {
        return postgres;
    }

    /** Stops the services, registry and broker first, each cleanly. */
    @Override
    public void close() {
        registry.stop();
        kafka.stop();
        postgres.stop();
        log.info("Local stack stopped");
    }

    private Runnable unchecked(IoAction action) {
        return () -> {
            try {
                action.run();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        };
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
