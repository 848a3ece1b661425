package org.procwatch.ingest.poll.whatdotheyknow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.procwatch.ingest.foi.answer.AnswerClassifier;
import org.procwatch.ingest.kafka.IngestTopics;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.poll.PoliteHttpClient;
import org.procwatch.ingest.poll.whatdotheyknow.AlaveteliTestServer.Hit;
import org.procwatch.ingest.progress.IngestProgress;
import org.procwatch.schemas.avro.BodyType;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.avro.FoiAnswer;
import org.procwatch.schemas.avro.FoiOutcome;
import org.procwatch.schemas.avro.FoiResponse;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import org.procwatch.schemas.watchlist.WatchlistFile;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.junit.LocalStackExtension;
import org.procwatch.stack.junit.TestScope;
import org.procwatch.stack.junit.TopicContents;

/**
 * A harvest of a local Alaveteli site into the real broker, at the real pace of one request a second: every
 * state, body tag and attachment kind, paging, a 429 and a 503 waited out, a request that stays down left
 * incomplete and read by the next run, a re-run that reads and publishes nothing, a changed request
 * published again, and hostile names, scripts and links.
 */
@ExtendWith(LocalStackExtension.class)
class WhatDoTheyKnowPollerIT {

    private static final String CONTACT = "foi-desk@example.org";

    private AlaveteliTestServer site;

    @BeforeEach
    void start() throws Exception {
        site = new AlaveteliTestServer(WhatDoTheyKnowFixtures.requests());
    }

    @AfterEach
    void stop() {
        site.close();
    }

    @Test
    void shouldHarvestEveryRequestOnceResumeWhatWasLeftAndPublishNothingForAnUnchangedRequest(LocalStack stack, TestScope scope)
            throws Exception {
        IngestTopics topics = IngestTopics.standard().copied(scope::topic);
        SchemaRegistryClient registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());
        java.net.URI secondPageUri = new AlaveteliSite(site.baseUrl()).feed(settings().searchQuery(LocalDate.now(ZoneId.of("Europe/London"))), 2);
        String secondPage = secondPageUri.getPath() + "?" + secondPageUri.getQuery();
        site.failNext(secondPage, 429, "1");
        site.failNext("/request/cctv_north_shire.json", 503, null);
        for (int attempt = 0; attempt < 3; attempt++) {
            site.failNext("/request/cctv_university.json", 503, null);
        }

        WhatDoTheyKnowPoller first;
        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("wdtk"))) {
            first = poller(writer);
            assertThat(first.harvest()).as("one request stayed down: the walk is incomplete").isFalse();
        }
        assertThat(first.status().toMap().get("incomplete")).asString().contains("cctv_university", "503");
        assertThat(first.status().toMap().get("through")).isNull();

        Map<String, FoiResponse> records = latest(stack, topics, registry);
        assertThat(records.keySet()).containsExactlyInAnyOrder(ids("cctv_riverside", "cctv_kingsbridge", "cctv_north_shire",
                "cctv_west_police", "cctv_metro_police", "cctv_city_hospital", "cctv_department", "cctv_agency", "cctv_north_shire_review",
                "cctv_st_marys", "cctv_harbour_admin", "cctv_harbour_attention", "cctv_evil", "cctv_harbour_answer"));
        assertEveryStateAndTagMapped(records);
        assertAnswersReadFromTextAndAttachments(records);
        assertHostileInputStayedText(records);
        assertThat(records.values()).allSatisfy(record -> {
            assertThat(record.getSource().getSource()).isEqualTo("whatdotheyknow");
            assertThat(record.getSourceUrl()).isEqualTo(site.baseUrl() + "/request/" + record.getRequestId().substring("whatdotheyknow:".length()));
            assertThat(record.toString()).as("no requester's name is kept").doesNotContain("Jane", "jane_requester");
        });

        List<Hit> hits = site.hits();
        assertPolite(hits);
        assertThat(hits).as("the 429 on page 2 was waited out for its Retry-After, then asked again")
                .filteredOn(hit -> (hit.path() + "?" + hit.query()).equals(secondPage)).extracting(Hit::status).containsExactly(429, 200);
        assertThat(hits).as("skipped requests cost their JSON only; hidden ones are asked once and not again")
                .filteredOn(hit -> hit.path().startsWith("/request/cctv_hidden")).extracting(Hit::path).containsExactly("/request/cctv_hidden.json");
        assertThat(hits).as("links to other sites, scripts and attachments' HTML views are never followed")
                .noneMatch(hit -> hit.path().contains("/attach/html/") || hit.path().contains("169.254") || hit.path().contains("javascript"));
        assertThat(first.httpRequests()).as("every request the poller sent reached this site").isEqualTo(hits.size());
        assertThat(deadLetters(stack, topics, registry)).as("the damaged PDF and the oversized file, each with its reason")
                .anySatisfy(letter -> assertThat(letter.getReason()).contains("could not be read as PDF"))
                .anySatisfy(letter -> assertThat(letter.getReason()).contains("larger than 5 MB"));

        site.clearHits();
        WhatDoTheyKnowPoller second;
        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("wdtk"))) {
            second = poller(writer);
            assertThat(second.harvest()).isTrue();
            assertThat(writer.produced()).as("only the request left incomplete").isEqualTo(1);
        }
        assertThat(site.hits()).extracting(Hit::path).filteredOn(path -> path.startsWith("/request/"))
                .containsExactly("/request/cctv_university.json");
        assertThat(second.status().toMap().get("through")).isNotNull();
        assertThat(latest(stack, topics, registry).get("whatdotheyknow:cctv_university").getOutcome()).isEqualTo(FoiOutcome.no_response);

        site.clearHits();
        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("wdtk"))) {
            WhatDoTheyKnowPoller third = poller(writer);
            assertThat(third.harvest()).isTrue();
            assertThat(writer.produced()).as("a re-run publishes nothing").isZero();
            assertThat(third.unchanged()).isEqualTo(21);
        }
        assertThat(site.hits()).as("a re-run reads the search and nothing else").extracting(Hit::path)
                .allSatisfy(path -> assertThat(path).startsWith("/feed/search/")).hasSize(2);

        site.update("cctv_city_hospital", request -> request.changed("successful", List.of(WhatDoTheyKnowFixtures.message(201,
                "<p>The Trust's CCTV uses Dahua recorders and Hikvision cameras.</p>"))));
        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("wdtk"))) {
            assertThat(poller(writer).harvest()).isTrue();
            assertThat(writer.produced()).as("the request that changed, once").isEqualTo(1);
        }
        FoiResponse changed = latest(stack, topics, registry).get("whatdotheyknow:cctv_city_hospital");
        assertThat(changed.getOutcome()).isEqualTo(FoiOutcome.answered);
        assertThat(changed.getHikvision()).isEqualTo(FoiAnswer.yes);
        assertThat(changed.getDahua()).isEqualTo(FoiAnswer.yes);
    }

    private static void assertEveryStateAndTagMapped(Map<String, FoiResponse> records) {
        Map<String, FoiOutcome> outcomes = records.values().stream()
                .collect(Collectors.toMap(record -> record.getRequestId().substring("whatdotheyknow:".length()), FoiResponse::getOutcome));
        assertThat(outcomes).containsEntry("cctv_riverside", FoiOutcome.answered).containsEntry("cctv_kingsbridge", FoiOutcome.answered)
                .containsEntry("cctv_west_police", FoiOutcome.refused).containsEntry("cctv_metro_police", FoiOutcome.not_held)
                .containsEntry("cctv_city_hospital", FoiOutcome.no_response).containsEntry("cctv_department", FoiOutcome.no_response)
                .containsEntry("cctv_agency", FoiOutcome.no_response).containsEntry("cctv_north_shire_review", FoiOutcome.no_response)
                .containsEntry("cctv_st_marys", FoiOutcome.no_response).containsEntry("cctv_harbour_admin", FoiOutcome.no_response)
                .containsEntry("cctv_harbour_attention", FoiOutcome.no_response);
        Map<String, BodyType> types = records.values().stream().collect(Collectors.toMap(FoiResponse::getBodyName, FoiResponse::getBodyType,
                (a, b) -> a));
        assertThat(types).containsEntry("Riverside Primary School", BodyType.primary_school)
                .containsEntry("Kingsbridge High School", BodyType.secondary_school).containsEntry("St Mary's School", BodyType.other)
                .containsEntry("North Shire Council", BodyType.local_authority).containsEntry("West Shire Police", BodyType.police_force)
                .containsEntry("Metro Police Service", BodyType.police_force).containsEntry("City Hospital NHS Trust", BodyType.nhs_trust)
                .containsEntry("Department for Examples", BodyType.government_department)
                .containsEntry("Examples Agency", BodyType.government_department).containsEntry("Harbour Board", BodyType.other);
        assertThat(records.get("whatdotheyknow:cctv_riverside").getResponseDate()).isEqualTo(LocalDate.of(2025, 2, 3));
        assertThat(records.get("whatdotheyknow:cctv_city_hospital").getResponseDate()).isNull();
    }

    private static void assertAnswersReadFromTextAndAttachments(Map<String, FoiResponse> records) {
        FoiResponse riverside = records.get("whatdotheyknow:cctv_riverside");
        assertThat(riverside.getHikvision()).isEqualTo(FoiAnswer.yes);
        assertThat(riverside.getDahua()).as("from the PDF's table").isEqualTo(FoiAnswer.no);
        assertThat(riverside.getEvidence()).contains("The school uses 12 Hikvision cameras.", "Dahua | 0");
        FoiResponse kingsbridge = records.get("whatdotheyknow:cctv_kingsbridge");
        assertThat(kingsbridge.getHikvision()).as("HiLook, in the DOCX").isEqualTo(FoiAnswer.yes);
        assertThat(kingsbridge.getDahua()).isEqualTo(FoiAnswer.no);
        FoiResponse council = records.get("whatdotheyknow:cctv_north_shire");
        assertThat(council.getDahua()).as("from the XLSX").isEqualTo(FoiAnswer.yes);
        assertThat(council.getHikvision()).isEqualTo(FoiAnswer.no);
        assertThat(council.getOtherVendors()).containsExactly("Axis");
        assertThat(records.get("whatdotheyknow:cctv_west_police").getHikvision()).as("a refusal").isEqualTo(FoiAnswer.unknown);
        FoiResponse harbour = records.get("whatdotheyknow:cctv_harbour_answer");
        assertThat(harbour.getDahua()).as("the message only the requester sees is not read").isEqualTo(FoiAnswer.no);
    }

    private static void assertHostileInputStayedText(Map<String, FoiResponse> records) {
        FoiResponse evil = records.get("whatdotheyknow:cctv_evil");
        assertThat(evil.getBodyName()).as("kept as the text it is; the dashboard and API show it as text")
                .isEqualTo("Evil <script>alert('x')</script> Council");
        assertThat(evil.getHikvision()).as("the script's text is not read").isEqualTo(FoiAnswer.no);
        assertThat(evil.getDahua()).as("the javascript: and off-site attachments are not read").isEqualTo(FoiAnswer.no);
        assertThat(evil.getOtherVendors()).containsExactlyInAnyOrder("Axis", "Bosch");
        assertThat(evil.getBodyType()).isEqualTo(BodyType.local_authority);
    }

    /**
     * One request a second at most, each naming procwatch and the contact. The server sees each request a little
     * after it was sent, by however long it took to arrive, so two a second apart may show a few milliseconds less
     * (and, counted by wall-clock second, even fall in the same one): a gap under 900 ms is what would be impolite.
     */
    private static void assertPolite(List<Hit> hits) {
        assertThat(hits).hasSizeGreaterThan(30);
        assertThat(hits).allSatisfy(hit -> assertThat(hit.userAgent()).contains("procwatch", CONTACT));
        List<Instant> times = hits.stream().map(Hit::at).sorted().toList();
        for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 1), times.get(i))).as("the gap before request %d", i)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    private WhatDoTheyKnowPoller poller(IngestWriter writer) {
        return new WhatDoTheyKnowPoller(settings(), writer, AnswerClassifier.of(WatchlistFile.bundled(), LocalDate.of(2026, 12, 3)),
                IngestProgress.NONE);
    }

    private WhatDoTheyKnowSettings settings() {
        PoliteHttpClient.Settings http = new PoliteHttpClient.Settings("procwatch/test (contact: " + CONTACT + ")", Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(2), 3, WhatDoTheyKnowSettings.MAX_ATTACHMENT_BYTES, 32L * 1024 * 1024);
        return new WhatDoTheyKnowSettings(site.baseUrl(), WhatDoTheyKnowSettings.DEFAULT_QUERY, LocalDate.of(2025, 1, 1), null, false,
                Duration.ofMinutes(15), http, 10, 20);
    }

    private static String[] ids(String... urlTitles) {
        return Arrays.stream(urlTitles).map(title -> "whatdotheyknow:" + title).toArray(String[]::new);
    }

    private static Map<String, FoiResponse> latest(LocalStack stack, IngestTopics topics, SchemaRegistryClient registry) {
        var deserializer = topics.foiResponses().valueSerde(registry).deserializer();
        Map<String, FoiResponse> latest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicContents.committed(stack, topics.foiResponses().name())) {
            latest.put(new String(record.key(), StandardCharsets.UTF_8), deserializer.deserialize(topics.foiResponses().name(), record.value()));
        }
        return latest;
    }

    private static List<DeadLetter> deadLetters(LocalStack stack, IngestTopics topics, SchemaRegistryClient registry) {
        var deserializer = topics.deadLetters().valueSerde(registry).deserializer();
        return TopicContents.committed(stack, topics.deadLetters().name()).stream()
                .map(record -> deserializer.deserialize(topics.deadLetters().name(), record.value())).toList();
    }
}
