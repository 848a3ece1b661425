package org.procwatch.launcher.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Callable;
import org.procwatch.ingest.api.ApiPoller;
import org.procwatch.ingest.api.ApiSource;
import org.procwatch.ingest.api.PollSettings;
import org.procwatch.ingest.api.RateLimits;
import org.procwatch.ingest.kafka.IngestTopics;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.launcher.cli.ExternalServices;
import org.procwatch.launcher.http.ApiServer;
import org.procwatch.launcher.http.HealthApi;
import org.procwatch.launcher.console.ProgressDisplay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./procwatch ingest poll --source contracts-finder|find-a-tender --from DATE [--to DATE] [--follow]}:
 * backfills an OCDS API into Kafka window by window, resuming where the last run stopped, then follows it.
 */
@Command(name = "poll", mixinStandardHelpOptions = true,
        description = "Backfills Contracts Finder or Find a Tender into Kafka from a date, resuming where the last run "
                + "stopped, and with --follow keeps polling for new releases.")
public final class IngestPollCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(IngestPollCommand.class);

    /** The sources this command knows, with their public base URLs. */
    enum Source {
        CONTRACTS_FINDER("contracts-finder", "https://www.contractsfinder.service.gov.uk"),
        FIND_A_TENDER("find-a-tender", "https://www.find-tender.service.gov.uk");

        final String label;
        final String baseUrl;

        Source(String label, String baseUrl) {
            this.label = label;
            this.baseUrl = baseUrl;
        }

        ApiSource api(String base) {
            return this == CONTRACTS_FINDER ? ApiSource.contractsFinder(base) : ApiSource.findATender(base);
        }
    }

    @Option(names = "--source", required = true, paramLabel = "NAME", description = "contracts-finder or find-a-tender.")
    String source;

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "The first day to ingest (YYYY-MM-DD).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "The day after the last one to ingest (default: now).")
    LocalDate to;

    @Option(names = "--follow", description = "After the backfill, keep polling for new releases.")
    boolean follow;

    @Option(names = "--poll-interval", defaultValue = "PT15M", description = "How often --follow polls (ISO 8601 duration; default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--base-url", paramLabel = "URL", description = "Where the API is, when not at its public address.")
    String baseUrl;

    @Option(names = "--http-port", defaultValue = "0", paramLabel = "N",
            description = "Port of this app's /ready and /api/status, for healthchecks; 0, the default, for none.")
    int httpPort;

    @Mixin
    ExternalServices services;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PollSettings settings = settings();
        ApiSource api = settings.source();
        try (IngestWriter writer = new IngestWriter(services.kafkaClient(), services.schemaRegistry(), IngestTopics.standard(),
                "procwatch-ingest-" + api.name())) {
            ApiPoller poller = new ApiPoller(api, RateLimits.standard(), writer, ProgressDisplay.forIngest());
            try (ApiServer health = httpPort == 0 ? null : HealthApi.start(httpPort, "ingest poll", () -> true,
                    () -> Map.of("source", api.name(), "produced", writer.produced(), "alreadyIngested", writer.skipped(),
                            "deadLetters", writer.deadLetters()), writer.metrics())) {
                settings.runWith(poller);
            }
            log.info("{}: {} new releases, {} already ingested, {} rejected", api.name(), writer.produced(), writer.skipped(), writer.deadLetters());
        }
        return 0;
    }

    /** The options as one checked value; a conflict between them is a usage error (exit 2). */
    private PollSettings settings() {
        if (follow && to != null) {
            throw usage("--to and --follow conflict: --follow keeps polling past any end; give one of them (check PROCWATCH_TO, "
                    + "PROCWATCH_FOLLOW and the config file too)");
        }
        Source known = null;
        for (Source candidate : Source.values()) {
            if (candidate.label.equals(source)) {
                known = candidate;
            }
        }
        if (known == null) {
            throw usage("unknown --source '" + source + "': use contracts-finder or find-a-tender");
        }
        try {
            return new PollSettings(known.api(baseUrl == null ? known.baseUrl : baseUrl), startOf(from), to == null ? null : startOf(to),
                    follow, pollInterval);
        } catch (IllegalArgumentException e) {
            throw usage("--from, --to and --poll-interval: " + e.getMessage());
        }
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
