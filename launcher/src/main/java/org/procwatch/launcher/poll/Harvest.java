package org.procwatch.launcher.poll;

import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.procwatch.ingest.api.ApiPoller;
import org.procwatch.ingest.api.ApiSource;
import org.procwatch.ingest.api.PollSettings;
import org.procwatch.ingest.api.RateLimits;
import org.procwatch.ingest.foi.answer.AnswerClassifier;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.lists.ListHarvest;
import org.procwatch.ingest.lists.ListLimits;
import org.procwatch.ingest.lists.OfficialList;
import org.procwatch.ingest.poll.PoliteHttpClient;
import org.procwatch.ingest.poll.whatdotheyknow.WhatDoTheyKnowPoller;
import org.procwatch.ingest.poll.whatdotheyknow.WhatDoTheyKnowSettings;
import org.procwatch.ingest.progress.IngestProgress;
import org.procwatch.schemas.watchlist.WatchlistFile;

/**
 * One live source harvested into Kafka, as {@code ingest poll} and {@code run --poll} run it: the OCDS APIs
 * (Contracts Finder, Find a Tender) or WhatDoTheyKnow.
 */
public interface Harvest {

    /** The sources there are, by the name {@code --source} and {@code --poll} take: the live sources, then the official lists. */
    List<String> SOURCES = Stream.concat(Stream.of("contracts-finder", "find-a-tender", WhatDoTheyKnowPoller.SOURCE),
            OfficialList.names().stream()).toList();

    /**
     * What to harvest and how, as given on the command line.
     *
     * @param source       one of {@link #SOURCES}
     * @param from         the first day; null for the source's default (WhatDoTheyKnow) or an error (the OCDS APIs)
     * @param to           the day after the last one; null for now
     * @param follow       whether to keep harvesting
     * @param pollInterval how often a follow polls
     * @param overlap      the OCDS APIs: how much before where it got to each poll of a follow reads again
     * @param baseUrl      the source's address, when not its public one
     * @param query        WhatDoTheyKnow's search query; null for the default
     * @param contact      who runs this procwatch (an e-mail address or URL), sent in the User-Agent
     * @param records      Contracts Finder: read each new process's record, its whole history (one request per process)
     */
    record Options(String source, LocalDate from, LocalDate to, boolean follow, Duration pollInterval, Duration overlap, String baseUrl,
                   String query, String contact, boolean records) {

        /** A harvest of these options writing with {@code writer}; a bad option is an {@link IllegalArgumentException}. */
        public Harvest create(IngestWriter writer, IngestProgress progress) {
            return switch (source) {
                case "contracts-finder" -> ocds(ApiSource.contractsFinder(baseUrl == null ? "https://www.contractsfinder.service.gov.uk" : baseUrl),
                        writer, progress);
                case "find-a-tender" -> ocds(ApiSource.findATender(baseUrl == null ? "https://www.find-tender.service.gov.uk" : baseUrl),
                        writer, progress);
                case WhatDoTheyKnowPoller.SOURCE -> whatDoTheyKnow(writer, progress);
                default -> officialList(OfficialList.named(source).orElseThrow(() -> new IllegalArgumentException(
                        "unknown source '" + source + "': use one of " + String.join(", ", SOURCES))), writer);
            };
        }

        /** A list kept in step by {@code run --poll}: persons left out, no large removal, fetched at most every few hours. */
        private Harvest officialList(OfficialList list, IngestWriter writer) {
            String url = baseUrl != null ? baseUrl : list.defaultUrl().orElseThrow(() -> new IllegalArgumentException(
                    list.listName() + " has no address of its own to fetch it from; give " + list.listName() + "=URL of a copy of its table"));
            Duration interval = pollInterval.compareTo(ListHarvest.DEFAULT_INTERVAL) < 0 ? ListHarvest.DEFAULT_INTERVAL : pollInterval;
            return Harvest.officialList(new ListHarvest.Settings(list, URI.create(url), follow, interval, false, false,
                    ListLimits.DEFAULTS), contact, writer);
        }

        private Harvest ocds(ApiSource source, IngestWriter writer, IngestProgress progress) {
            ApiSource api = records ? source : source.withoutRecords();
            if (from == null) {
                throw new IllegalArgumentException(api.name() + " needs --from: the first day to harvest");
            }
            PollSettings settings = new PollSettings(api, startOf(from), to == null ? null : startOf(to), follow, pollInterval, overlap);
            ApiPoller poller = new ApiPoller(api, RateLimits.of(api), writer, progress);
            return new Harvest() {
                @Override
                public String source() {
                    return api.name();
                }

                @Override
                public boolean run() throws IOException, InterruptedException {
                    return settings.runWith(poller);
                }

                @Override
                public Map<String, Object> status() {
                    return poller.status().toMap();
                }

                @Override
                public MeterBinder metrics() {
                    return poller.status().metrics(api.name());
                }
            };
        }

        private Harvest whatDoTheyKnow(IngestWriter writer, IngestProgress progress) {
            String userAgent = userAgent("open-source watch of public procurement and FOI answers", contact);
            WhatDoTheyKnowSettings settings = WhatDoTheyKnowSettings.standard(baseUrl, query, from, to, follow, pollInterval, userAgent);
            WhatDoTheyKnowPoller poller = new WhatDoTheyKnowPoller(settings, writer,
                    AnswerClassifier.of(WatchlistFile.bundled(), LocalDate.now(ZoneOffset.UTC)), progress);
            return new Harvest() {
                @Override
                public String source() {
                    return WhatDoTheyKnowPoller.SOURCE;
                }

                @Override
                public boolean run() throws InterruptedException {
                    return poller.run();
                }

                @Override
                public Map<String, Object> status() {
                    Map<String, Object> status = new LinkedHashMap<>(poller.status().toMap());
                    status.put("published", poller.published());
                    status.put("unchanged", poller.unchanged());
                    status.put("skipped", poller.skipped());
                    status.put("httpRequests", poller.httpRequests());
                    return status;
                }

                @Override
                public MeterBinder metrics() {
                    return poller.status().metrics(WhatDoTheyKnowPoller.SOURCE);
                }
            };
        }

        private static Instant startOf(LocalDate day) {
            return day.atStartOfDay().toInstant(ZoneOffset.UTC);
        }

    }

    /**
     * An official list kept in step with the watchlist, as {@code ingest lists} and {@code run --poll} run it.
     *
     * @param contact who runs this procwatch, sent in the User-Agent; may be null
     */
    static Harvest officialList(ListHarvest.Settings settings, String contact, IngestWriter writer) {
        PoliteHttpClient http = new PoliteHttpClient(new PoliteHttpClient.Settings(
                userAgent("open-source watch of public procurement; keeps its watchlist in step with this list", contact),
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(10), 8, 16 * 1024 * 1024, 0));
        ListHarvest harvest = new ListHarvest(settings, http, writer);
        String name = settings.list().listName();
        return new Harvest() {
            @Override
            public String source() {
                return name;
            }

            @Override
            public boolean run() throws InterruptedException {
                return harvest.run();
            }

            @Override
            public Map<String, Object> status() {
                return harvest.status().toMap();
            }

            @Override
            public MeterBinder metrics() {
                return harvest.status().metrics(name);
            }
        };
    }

    private static String userAgent(String purpose, String contact) {
        String version = Harvest.class.getPackage().getImplementationVersion();
        return "procwatch/" + (version == null ? "dev" : version) + " (" + purpose + "; contact: "
                + (contact == null || contact.isBlank() ? "not given, set --contact" : contact.strip()) + ")";
    }

    String source();

    /** Harvests (and, when following, keeps harvesting); true when everything asked was harvested completely. */
    boolean run() throws IOException, InterruptedException;

    /** The harvest's part of {@code /api/status}: through, windows, incomplete (CONTRACTS section 2). */
    Map<String, Object> status();

    /** The harvest's counts (windows, pages, releases, retries, through) as meters tagged with its source. */
    MeterBinder metrics();
}
