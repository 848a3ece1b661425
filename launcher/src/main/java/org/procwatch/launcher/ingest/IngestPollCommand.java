package org.procwatch.launcher.ingest;

import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.procwatch.ingest.kafka.IngestTopics;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.lists.OfficialList;
import org.procwatch.ingest.poll.whatdotheyknow.WhatDoTheyKnowPoller;
import org.procwatch.ingest.poll.whatdotheyknow.WhatDoTheyKnowSettings;
import org.procwatch.launcher.cli.ExternalServices;
import org.procwatch.launcher.cli.HttpHostOption;
import org.procwatch.launcher.console.ProgressDisplay;
import org.procwatch.launcher.poll.Harvest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./procwatch ingest poll --source NAME [--from DATE] [--to DATE] [--follow]}: harvests a live source
 * into Kafka, resuming where the last run stopped, then, when asked, follows it. Exits 0 when everything
 * asked was harvested, 1 when something was left incomplete (the next run fetches it again).
 */
@Command(name = "poll", mixinStandardHelpOptions = true,
        description = "Harvests Contracts Finder, Find a Tender (OCDS releases) or WhatDoTheyKnow (FOI requests and their answers) "
                + "into Kafka, resuming where the last run stopped, and with --follow keeps harvesting what is new.")
public final class IngestPollCommand implements Callable<Integer> {

    /** Looked up when first used: picocli makes every command to build the command line, and logging takes a while to set up. */
    private static Logger log() {
        return LoggerFactory.getLogger(IngestPollCommand.class);
    }

    @Option(names = "--source", required = true, paramLabel = "NAME",
            description = "contracts-finder, find-a-tender or whatdotheyknow.")
    String source;

    @Option(names = "--from", paramLabel = "DATE",
            description = "The first day to harvest (YYYY-MM-DD); needed for the OCDS APIs; WhatDoTheyKnow's default is 2019-01-01.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "The day after the last one to harvest (default: now).")
    LocalDate to;

    @Option(names = "--follow", description = "After the backfill, keep harvesting what is new.")
    boolean follow;

    @Option(names = "--poll-interval", defaultValue = "PT15M", description = "How often --follow polls (ISO 8601 duration; default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--overlap", defaultValue = "PT3H", paramLabel = "DURATION",
            description = "The OCDS APIs only: how much before where it got to each poll of --follow reads again, for releases "
                    + "indexed late (ISO 8601 duration; default: ${DEFAULT-VALUE}).")
    Duration overlap;

    @Option(names = "--no-records",
            description = "Contracts Finder only: leave out each new process's record (its whole history, one request per "
                    + "process), read by default beside the search's releases.")
    boolean noRecords;

    @Option(names = "--base-url", paramLabel = "URL", description = "Where the source is, when not at its public address (a mirror, a test server).")
    String baseUrl;

    @Option(names = "--query", paramLabel = "Q",
            description = "WhatDoTheyKnow only: the search (Alaveteli's syntax); default: '" + WhatDoTheyKnowSettings.DEFAULT_QUERY + "'.")
    String query;

    @Option(names = "--contact", paramLabel = "EMAIL_OR_URL",
            description = "WhatDoTheyKnow only: how the site's operators can reach whoever runs this harvest, sent in the User-Agent.")
    String contact;

    @Option(names = "--http-port", defaultValue = "0", paramLabel = "N",
            description = "Port of this app's /ready and /api/status, for healthchecks; 0, the default, for none.")
    int httpPort;

    @Mixin
    HttpHostOption httpHost;

    @Mixin
    ExternalServices services;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Harvest.Options options = options();
        try (IngestWriter writer = new IngestWriter(services.kafkaClient(), services.schemaRegistry(), IngestTopics.standard(),
                "procwatch-ingest-" + source)) {
            Harvest harvest;
            try {
                harvest = options.create(writer, ProgressDisplay.forIngest());
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            boolean complete = HarvestRun.run("ingest poll", httpHost.host(), httpPort, harvest, writer);
            log().info("{}: {} new records, {} already ingested, {} rejected{}", source, writer.produced(), writer.skipped(), writer.deadLetters(),
                    complete ? "" : "; some of it was left incomplete and is fetched again by the next run");
            return complete ? 0 : 1;
        }
    }

    /** The options as one checked value; a conflict between them is a usage error (exit 2). */
    private Harvest.Options options() {
        if (follow && to != null) {
            throw usage("--to and --follow conflict: --follow keeps polling past any end; give one of them (check PROCWATCH_TO, "
                    + "PROCWATCH_FOLLOW and the config file too)");
        }
        if (OfficialList.named(source).isPresent()) {
            throw usage("--source " + source + " is an official list: keep it in step with ./procwatch ingest lists --source " + source);
        }
        if (!Harvest.SOURCES.contains(source)) {
            throw usage("unknown --source '" + source + "': use contracts-finder, find-a-tender or " + WhatDoTheyKnowPoller.SOURCE);
        }
        if (!source.equals(WhatDoTheyKnowPoller.SOURCE) && (query != null || contact != null)) {
            throw usage("--query and --contact are for --source whatdotheyknow only");
        }
        if (!source.equals(WhatDoTheyKnowPoller.SOURCE) && from == null) {
            throw usage("--source " + source + " needs --from, the first day to harvest (YYYY-MM-DD)");
        }
        if (to != null && from != null && !to.isAfter(from)) {
            throw usage("--to (" + to + ") must come after the start, --from (" + from + ")");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw usage("--poll-interval must be positive, not " + pollInterval);
        }
        if (overlap.isNegative()) {
            throw usage("--overlap must not be negative, not " + overlap);
        }
        return new Harvest.Options(source, from, to, follow, pollInterval, overlap, baseUrl, query, contact, !noRecords);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
