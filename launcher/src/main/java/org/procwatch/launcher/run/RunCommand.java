package org.procwatch.launcher.run;

import org.procwatch.stack.files.PrivateFolders;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.procwatch.enrich.app.EnrichApp;
import org.procwatch.enrich.query.EnrichQueries;
import org.procwatch.enrich.query.RemoteQueries;
import org.procwatch.enrich.review.ReviewLog;
import org.procwatch.enrich.topology.EnrichSettings;
import org.procwatch.enrich.topology.EnrichTopics;
import org.procwatch.ingest.api.PollSettings;
import org.procwatch.ingest.lists.OfficialList;
import org.procwatch.ingest.poll.whatdotheyknow.WhatDoTheyKnowPoller;
import org.procwatch.ingest.source.InputSpec;
import org.procwatch.launcher.cli.ApiTokenOption;
import org.procwatch.launcher.cli.HttpHostOption;
import org.procwatch.launcher.cli.SubscriptionsOption;
import org.procwatch.launcher.http.ApiTokens;
import org.procwatch.launcher.config.ConfigOption;
import org.procwatch.launcher.enrich.EnrichMetrics;
import org.procwatch.launcher.http.ApiServer;
import org.procwatch.launcher.http.Readiness;
import org.procwatch.launcher.poll.Harvest;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.topic.Topics;
import org.procwatch.sink.consumer.SinkRunner;
import org.procwatch.sink.consumer.SinkSettings;
import org.procwatch.sink.delivery.Subscription;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.StackPorts;
import org.procwatch.stack.process.Ports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./procwatch run}: the whole pipeline in one process on the embedded stack. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs procwatch in one process on an embedded Kafka broker, schema registry and PostgreSQL "
                + "(all on 127.0.0.1, state under --data-dir) and serves the HTTP API. Ctrl-C stops it.")
public final class RunCommand implements Callable<Integer> {

    /** Looked up when first used: picocli makes every command to build the command line, and logging takes a while to set up. */
    private static Logger log() {
        return LoggerFactory.getLogger(RunCommand.class);
    }

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Where all state lives; a restart on the same folder resumes (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "N",
            description = "Port of the HTTP API; a free port is used when it is taken (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--no-samples", description = "Do not ingest the bundled sample data.")
    boolean noSamples;

    @Option(names = "--input", paramLabel = "[TYPE:]PATH",
            description = "A file or folder to ingest (OCDS, FOI table, watchlist, BODS ownership); TYPE (ocds, foi, watchlist, "
                    + "ownership) forces the type, else it is told from the content. Repeatable.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--poll", paramLabel = "SOURCE[=URL]",
            description = "Also harvest a live source and keep following it: contracts-finder, find-a-tender or whatdotheyknow; or keep "
                    + "the watchlist in step with an official list (us-csl, opensanctions, uk-sanctions, fcc-covered=URL), fetched "
                    + "at most every 6 hours; =URL points it at another server with the same API or format. Repeatable.")
    List<String> polls = new ArrayList<>();

    @Option(names = "--poll-from", paramLabel = "DATE",
            description = "The first day --poll harvests (default: 30 days ago for the OCDS APIs, 2019-01-01 for WhatDoTheyKnow).")
    LocalDate pollFrom;

    @Option(names = "--poll-interval", defaultValue = "PT15M", paramLabel = "DURATION",
            description = "How often --poll looks for what is new (ISO 8601 duration; default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--contact", paramLabel = "EMAIL_OR_URL",
            description = "How the operators of the sites --poll reads (WhatDoTheyKnow, the lists' publishers) can reach whoever runs this, "
                    + "sent in the User-Agent.")
    String contact;

    @Mixin
    SubscriptionsOption subscriptions;

    @Mixin
    ApiTokenOption apiTokens;

    @Mixin
    HttpHostOption httpHost;

    @Mixin
    ConfigOption config;

    @Option(names = "--kafka-port", defaultValue = "0", paramLabel = "N",
            description = "Kafka's port (default: the last one used on this data folder, else 9092, else a free one).")
    int kafkaPort;

    @Option(names = "--schema-registry-port", defaultValue = "0", paramLabel = "N",
            description = "The schema registry's port (default: the last one used, else 8081, else a free one).")
    int registryPort;

    @Option(names = "--postgres-port", defaultValue = "0", paramLabel = "N",
            description = "PostgreSQL's port (default: the last one used, else 5432, else a free one).")
    int postgresPort;

    /**
     * One run per data folder, so its consumers can be static members: restarted after a crash, they take
     * their partitions back at once instead of waiting for the crashed members' sessions to time out.
     */
    private static final Map<String, Object> STATIC_MEMBER = Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "procwatch-run-enrich");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<InputSpec> inputSpecs = new ArrayList<>();
        for (String input : inputs) {
            try {
                InputSpec parsed = InputSpec.parse(input);
                if (!Files.exists(parsed.path())) {
                    throw new IllegalArgumentException("no such file or folder: " + parsed.path());
                }
                inputSpecs.add(parsed);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--input " + e.getMessage());
            }
        }
        List<Harvest.Options> harvests = harvests();
        List<Subscription> webhookSubscriptions = subscriptions.read();
        ApiTokens tokens = apiTokens.read();
        PrivateFolders.create(dataDir);
        try (FileChannel lockFile = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("Another procwatch is running on " + dataDir.toAbsolutePath()
                        + "; stop it, or give this one another --data-dir");
            }
            return runUntilStopped(inputSpecs, webhookSubscriptions, tokens, harvests);
        }
    }

    /** The --poll sources, checked before anything starts. */
    private List<Harvest.Options> harvests() {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--poll-interval must be positive, not " + pollInterval);
        }
        List<Harvest.Options> harvests = new ArrayList<>();
        for (String poll : polls) {
            String[] sourceAndUrl = poll.split("=", 2);
            String source = sourceAndUrl[0].strip();
            if (!Harvest.SOURCES.contains(source)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--poll '" + source + "' is not a source: use "
                        + String.join(", ", Harvest.SOURCES));
            }
            String baseUrl = sourceAndUrl.length > 1 ? sourceAndUrl[1].strip() : null;
            if (baseUrl != null && !baseUrl.matches("https?://[^/?#\\s]+(/\\S*)?")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--poll " + source + "=URL needs an http(s) URL, not '" + baseUrl + "'");
            }
            if (baseUrl == null && OfficialList.named(source).filter(list -> list.defaultUrl().isEmpty()).isPresent()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--poll " + source + " needs =URL: the FCC publishes its "
                        + "Covered List only as a web page; give the address of a CSV copy of its table");
            }
            LocalDate from = pollFrom != null || source.equals(WhatDoTheyKnowPoller.SOURCE) ? pollFrom : LocalDate.now(ZoneOffset.UTC).minusDays(30);
            harvests.add(new Harvest.Options(source, from, null, true, pollInterval, PollSettings.DEFAULT_OVERLAP, baseUrl, null, contact, true));
        }
        return harvests;
    }

    private int runUntilStopped(List<InputSpec> inputSpecs, List<Subscription> subscriptions, ApiTokens tokens,
                                List<Harvest.Options> harvests) throws IOException, InterruptedException {
        Readiness readiness = new Readiness();
        int port = Ports.preferredOrFree(httpPort);
        if (port != httpPort && httpPort != 0) {
            log().warn("Port {} is taken; serving the HTTP API on {} instead", httpPort, port);
        }
        // Everything started is closed in reverse order, by the shutdown hook or when start-up fails.
        Deque<AutoCloseable> started = new ArrayDeque<>();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean failed = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log().info("Stopping procwatch ...");
            closeAll(started);
            stopped.countDown();
        }, "procwatch-shutdown"));
        // Every part is expected from the start, so /ready never passes before the last of them is up.
        Readiness.Pending stackReady = readiness.expect("local stack");
        Readiness.Pending enrichReady = readiness.expect("enrich");
        Readiness.Pending sinkReady = readiness.expect("PostgreSQL sink");
        try {
            ApiServer api = ApiServer.start(httpHost.host(), port, readiness);
            started.push(api);
            log().info("HTTP API on http://{}:{} (GET /ready answers 200 once everything is up)", httpHost.host(), api.port());
            log().info("Starting Kafka, the schema registry and PostgreSQL under {} ...", dataDir.toAbsolutePath());
            LocalStack stack = LocalStack.start(dataDir, new StackPorts(kafkaPort, 0, registryPort, 0, postgresPort),
                    StackPorts.conventional(), Topics.allWithInternal());
            started.push(stack);
            EmbeddedLogins logins = EmbeddedLogins.apply(stack);
            TopicCounts topicCounts = new TopicCounts(stack.bootstrapServers(), Topics.all());
            started.push(topicCounts);

            AtomicReference<SinkRunner> sinkRunner = new AtomicReference<>();
            AtomicReference<BackgroundPolls> polling = new AtomicReference<>();
            api.status(() -> status(stack, logins, topicCounts, sinkRunner.get(), polling.get()));
            topicCounts.metrics().bindTo(api.meters());
            stackReady.checkWith(() -> stack.kafka().isRunning() && stack.registry().isRunning());
            List<InputSpec> toIngest = new ArrayList<>();
            if (!noSamples) {
                Path samples = dataDir.resolve("samples");
                toIngest.addAll(Samples.writeTo(samples));
                log().info("Ingesting the bundled sample data ({}; --no-samples leaves it out)", samples);
            }
            toIngest.addAll(inputSpecs);
            EnrichApp enrich = EnrichApp.start(EnrichTopics.standard(), new RestSchemaRegistryClient(stack.schemaRegistryUrl()),
                    EnrichSettings.defaults(stack.bootstrapServers(), dataDir.resolve("enrich")).servedAt("127.0.0.1:" + api.port())
                            .withOverrides(STATIC_MEMBER));
            started.push(enrich);
            api.enrich(new EnrichQueries(enrich.streams(), new HostInfo("127.0.0.1", api.port()), new RemoteQueries()));
            if (tokens.configured()) {
                ReviewLog reviews = new ReviewLog(Topics.REVIEWS, new RestSchemaRegistryClient(stack.schemaRegistryUrl()),
                        stack.bootstrapServers(), Map.of());
                started.push(reviews);
                api.reviews(tokens, reviews::record);
                log().info("Reviews open to the holders of {} API token(s): POST /api/reviews", tokens.count());
            }
            EnrichMetrics.of(enrich).bindTo(api.meters());
            enrichReady.checkWith(enrich::isRunning);
            SinkRunner sink = SinkRunner.start(SinkSettings.defaults(stack.bootstrapServers())
                            .withClientOverrides(Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "procwatch-run-sink"))
                            .withSubscriptions(subscriptions),
                    new RestSchemaRegistryClient(stack.schemaRegistryUrl()), logins.sink());
            started.push(sink);
            sinkRunner.set(sink);
            sink.metrics().bindTo(api.meters());
            sinkReady.checkWith(sink::isRunning);
            watchForFailure(enrich, failed, stopped);
            started.push(BackgroundIngest.start(stack, toIngest));
            if (!harvests.isEmpty()) {
                polling.set(BackgroundPolls.start(stack, harvests, api.meters()));
                started.push(polling.get());
                log().info("Harvesting {} (GET /api/status shows how far each has got)",
                        String.join(", ", harvests.stream().map(Harvest.Options::source).toList()));
            }
            log().info("procwatch is running: API http://127.0.0.1:{}  Kafka {}  schema registry {}  PostgreSQL {}. Ctrl-C stops it.",
                    api.port(), stack.bootstrapServers(), stack.schemaRegistryUrl(), logins.analystUrlWithoutPassword());
        } catch (IOException | RuntimeException e) {
            closeAll(started);
            throw e;
        }
        stopped.await();
        if (failed.get()) {
            closeAll(started);
            return 1;
        }
        return 0;
    }

    /** When enrich stops on an error it cannot get past, procwatch stops too, with a non-zero exit code. */
    private static void watchForFailure(EnrichApp enrich, AtomicBoolean failed, CountDownLatch stopped) {
        Thread watch = new Thread(() -> {
            try {
                if (enrich.awaitStop()) {
                    log().error("Enrich failed; procwatch stops. A restart on the same --data-dir resumes where it stopped.");
                    failed.set(true);
                    stopped.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "procwatch-enrich-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        synchronized (started) {
            while (!started.isEmpty()) {
                AutoCloseable next = started.pop();
                try {
                    next.close();
                } catch (Exception e) {
                    log().warn("Could not stop {} cleanly: {}", next.getClass().getSimpleName(), e.getMessage());
                }
            }
        }
    }

    private static Map<String, Object> status(LocalStack stack, EmbeddedLogins logins, TopicCounts topicCounts, SinkRunner sink,
                                              BackgroundPolls polls) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kafka", stack.bootstrapServers());
        status.put("schemaRegistry", stack.schemaRegistryUrl());
        status.put("jdbcUrl", logins.analystUrl());
        status.put("topics", topicCounts.counts());
        status.put("webhooks", sink == null ? List.of() : sink.webhookStatus());
        if (polls != null) {
            status.put("harvest", polls.status());
        }
        return status;
    }
}
