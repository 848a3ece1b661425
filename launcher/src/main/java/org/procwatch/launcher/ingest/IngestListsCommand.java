package org.procwatch.launcher.ingest;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.procwatch.ingest.kafka.IngestTopics;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.lists.ListHarvest;
import org.procwatch.ingest.lists.ListLimits;
import org.procwatch.ingest.lists.OfficialList;
import org.procwatch.launcher.cli.ExternalServices;
import org.procwatch.launcher.cli.HttpHostOption;
import org.procwatch.launcher.poll.Harvest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./procwatch ingest lists --source NAME [--url URL] [--follow]}: keeps the watchlist in step with an
 * official list. Exits 0 when the (last) fetch was applied or found the list unchanged, 1 when it could not
 * be (the publisher down, a list that would remove too much; nothing was changed then).
 */
@Command(name = "lists", mixinStandardHelpOptions = true,
        description = "Keeps the watchlist in step with an official list: fetches it, compares it with what the watchlist holds of it, "
                + "and publishes new and changed entities and removes those it no longer names.")
public final class IngestListsCommand implements Callable<Integer> {

    @Option(names = "--source", required = true, paramLabel = "NAME",
            description = "us-csl (US Consolidated Screening List), opensanctions (FollowTheMoney export or delta), "
                    + "uk-sanctions (UK Sanctions List XML) or fcc-covered (FCC Covered List table, CSV).")
    String source;

    @Option(names = "--url", paramLabel = "URL",
            description = "Where to fetch the list from (http(s):// or file:), when not its publisher's address; fcc-covered needs one, "
                    + "as the FCC publishes its list only as a web page.")
    String url;

    @Option(names = "--follow", description = "Keep fetching the list every --poll-interval.")
    boolean follow;

    @Option(names = "--poll-interval", defaultValue = "PT6H", paramLabel = "DURATION",
            description = "How often --follow fetches (ISO 8601 duration; default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--include-persons",
            description = "Keep the individuals a list names too; by default only organisations are screened, as suppliers are.")
    boolean includePersons;

    @Option(names = "--allow-large-removal",
            description = "Apply a whole list even when it would remove more than half of what the watchlist holds of it "
                    + "(refused by default: a download cut short reads like that).")
    boolean allowLargeRemoval;

    @Option(names = "--max-download-mb", defaultValue = "4096", paramLabel = "MB",
            description = "The largest list downloaded, or decompressed when gzipped, in megabytes (default: ${DEFAULT-VALUE}).")
    long maxDownloadMb;

    @Option(names = "--max-entry-size", defaultValue = "16", paramLabel = "MB",
            description = "The largest entry of a list read, in megabytes; a list with a larger one is not applied, and the "
                    + "entry goes to the dead-letter topic (default: ${DEFAULT-VALUE}).")
    int maxEntryMb;

    @Option(names = "--max-entities", defaultValue = "1000000", paramLabel = "N",
            description = "The most entities a list may name; a list naming more is not applied (default: ${DEFAULT-VALUE}).")
    int maxEntities;

    @Option(names = "--contact", paramLabel = "EMAIL_OR_URL",
            description = "How the list's publisher can reach whoever runs this, sent in the User-Agent.")
    String contact;

    @Option(names = "--http-port", defaultValue = "0", paramLabel = "N",
            description = "Port of this app's /ready, /api/status and /metrics, for healthchecks; 0, the default, for none.")
    int httpPort;

    @Mixin
    HttpHostOption httpHost;

    @Mixin
    ExternalServices services;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ListHarvest.Settings settings = settings();
        try (IngestWriter writer = new IngestWriter(services.kafkaClient(), services.schemaRegistry(), IngestTopics.standard(),
                "procwatch-ingest-lists-" + source)) {
            return HarvestRun.run("ingest lists", httpHost.host(), httpPort, Harvest.officialList(settings, contact, writer), writer) ? 0 : 1;
        }
    }

    /** The options as one checked value; a conflict between them is a usage error (exit 2). */
    private ListHarvest.Settings settings() {
        OfficialList list = OfficialList.named(source).orElseThrow(() -> usage("unknown --source '" + source + "': use "
                + String.join(", ", OfficialList.names())));
        String address = url != null ? url : list.defaultUrl().orElseThrow(() -> usage("--source " + source + " needs --url: the FCC "
                + "publishes its Covered List only as a web page; give a CSV copy of its table (columns Entity Name, Covered Equipment or "
                + "Services, Subsidiary Names, Date of Inclusion on Covered List)"));
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw usage("--poll-interval must be positive, not " + pollInterval);
        }
        if (maxDownloadMb < 1) {
            throw usage("--max-download-mb must be positive, not " + maxDownloadMb);
        }
        if (maxEntryMb < 1 || maxEntryMb > 1024) {
            throw usage("--max-entry-size must be between 1 and 1024 (MB), not " + maxEntryMb);
        }
        if (maxEntities < 1) {
            throw usage("--max-entities must be positive, not " + maxEntities);
        }
        try {
            return new ListHarvest.Settings(list, URI.create(address), follow, pollInterval, includePersons, allowLargeRemoval,
                    new ListLimits(maxDownloadMb * 1024 * 1024, maxEntryMb * 1024 * 1024, maxEntities));
        } catch (IllegalArgumentException e) {
            throw usage("--url: " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
