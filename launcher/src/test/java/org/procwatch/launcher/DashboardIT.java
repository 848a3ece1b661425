package org.procwatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.procwatch.ingest.poll.whatdotheyknow.AlaveteliTestServer;
import org.procwatch.ingest.poll.whatdotheyknow.AlaveteliTestServer.Body;
import org.procwatch.ingest.poll.whatdotheyknow.AlaveteliTestServer.Message;
import org.procwatch.ingest.poll.whatdotheyknow.AlaveteliTestServer.Request;
import org.procwatch.sink.delivery.WebhookSignature;
import org.procwatch.stack.process.Ports;

/**
 * {@code procwatch run} with its bundled samples, as a newcomer first sees it: the dashboard in a real
 * headless browser (Debian's chromium) shows the alerts, their evidence, the FOI table and its chart, the FOI
 * answers by body with the contradictions first, and a contract; webhook subscribers given with
 * {@code --subscriptions} get the sample alerts, signed, each once; a generic Avro consumer reads them from
 * the topic through the registry's Confluent API; and {@code --poll whatdotheyknow=URL} harvests a local
 * Alaveteli site into the same tables.
 */
class DashboardIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_TOKEN = "f1e2d3c4b5a69788f1e2d3c4b5a69788";

    @TempDir
    Path dataDir;

    private RunningProcwatch procwatch;
    private HttpServer receiver;
    private AlaveteliTestServer alaveteli;

    /** What the local webhook receiver was sent, per subscription path. */
    private record Delivery(String path, String deliveryId, String signature, byte[] body) {
    }

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (procwatch != null) {
            procwatch.stop();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        if (alaveteli != null) {
            alaveteli.close();
        }
    }

    @Test
    void shouldDeliverTheSampleAlertsToSubscribersAndShowThemWithTheFoiTableInABrowser() throws Exception {
        startReceiver();
        Path subscriptions = dataDir.resolve("subscriptions.yaml");
        Files.writeString(subscriptions, """
                - id: campaign-desk
                  url: http://127.0.0.1:%1$d/all
                  secret: campaign-secret
                  allowPrivateNetwork: true
                - id: police-watch
                  url: http://127.0.0.1:%1$d/police
                  secret: police-secret
                  allowPrivateNetwork: true
                  filters: {bodyType: [police_force]}
                """.formatted(receiver.getAddress().getPort()));
        alaveteli = new AlaveteliTestServer(List.of(
                new Request("cctv_kingsbridge_grammar", "successful", "normal", false, new Body("kingsbridge_grammar_school",
                        "Kingsbridge Grammar School", List.of("school")), LocalDate.of(2025, 3, 2), List.of(new Message(301, "normal",
                        "<p>Dear Requester,</p><p>The school does not use Hikvision cameras.</p>", List.of())), 0),
                new Request("cctv_hidden_request", "successful", "normal", true, new Body("a_council", "A Council",
                        List.of("local_council")), LocalDate.of(2025, 3, 3), List.of(), 0)));
        procwatch = new RunningProcwatch(dataDir, Ports.preferredOrFree(0));
        List<String> options = new ArrayList<>(RunningProcwatch.freeServicePorts());
        options.addAll(List.of("--subscriptions", subscriptions.toString(), "--poll", "whatdotheyknow=" + alaveteli.baseUrl(),
                "--poll-from", "2025-01-01", "--contact", "foi-desk@example.org"));
        procwatch.start(options, Map.of("PROCWATCH_API_TOKEN", "campaign:" + API_TOKEN));
        procwatch.awaitReady();

        // The samples' alerts, once the pipeline has settled on them, as the API lists them.
        List<String> alertIds = awaitSettledAlertIds("/api/alerts");
        List<String> policeIds = ids(procwatch.getJson("/api/alerts?bodyType=police_force"));
        assertThat(alertIds).hasSizeGreaterThanOrEqualTo(5);
        assertThat(policeIds).isNotEmpty().hasSizeLessThan(alertIds.size());

        await("every alert delivered").atMost(PATIENCE).untilAsserted(() -> {
            assertThat(deliveredAlertIds("/all")).containsExactlyInAnyOrderElementsOf(alertIds);
            assertThat(deliveredAlertIds("/police")).containsExactlyInAnyOrderElementsOf(policeIds);
        });
        assertThat(deliveries).allSatisfy(delivery -> {
            String secret = delivery.path().equals("/all") ? "campaign-secret" : "police-secret";
            assertThat(WebhookSignature.verify(secret, delivery.signature(), delivery.body(), Instant.now())).as(delivery.signature()).isTrue();
            assertThat(delivery.deliveryId()).isEqualTo(JSON.readTree(delivery.body()).path("alertId").asText() + ":alert.raised");
        });
        assertThat(procwatch.getJson("/api/status").path("webhooks")).hasSize(2)
                .allSatisfy(webhook -> assertThat(webhook.path("parked").asBoolean()).isFalse());
        assertThat(readAlertIdsAsAnyAvroClientWould(alertIds)).as("the topic, the third channel").containsExactlyInAnyOrderElementsOf(alertIds);

        checkMetrics(alertIds);
        checkWhatDoTheyKnowHarvested();
        checkDashboardInABrowser(alertIds, policeIds);
    }

    /** The request on the local Alaveteli site is in the API beside the sample table's, and contradicts the body's contract. */
    private void checkWhatDoTheyKnowHarvested() {
        await("the harvest of the local Alaveteli site").atMost(PATIENCE).untilAsserted(() -> {
            JsonNode harvest = procwatch.getJson("/api/status").path("harvest").path("whatdotheyknow");
            assertThat(harvest.path("through").isTextual()).as("a walk done: " + harvest).isTrue();
            assertThat(procwatch.getJson("/api/foi/requests?bodyType=secondary_school")).anySatisfy(request -> {
                assertThat(request.path("requestId").asText()).isEqualTo("whatdotheyknow:cctv_kingsbridge_grammar");
                assertThat(request.path("source").asText()).isEqualTo("whatdotheyknow");
                assertThat(request.path("hikvision").asText()).isEqualTo("no");
                assertThat(request.path("evidence").asText()).isEqualTo("The school does not use Hikvision cameras.");
                assertThat(request.path("sourceUrl").asText()).isEqualTo(alaveteli.baseUrl() + "/request/cctv_kingsbridge_grammar");
            });
        });
        assertThat(alaveteli.hits()).allSatisfy(hit -> assertThat(hit.userAgent()).contains("procwatch", "foi-desk@example.org"));
        JsonNode contradictions = await().atMost(PATIENCE).until(() -> procwatch.getJson("/api/foi/bodies?contradictions=true"),
                bodies -> bodies.size() >= 2);
        List<String> names = new ArrayList<>();
        contradictions.forEach(body -> names.add(body.path("bodyName").asText()));
        // The samples' EZVIZ doorbell (a Hikvision brand) and Imou cameras (Dahua's), bought by bodies that answered no.
        assertThat(names).contains("Kingsbridge Grammar School", "Oakfield Primary School");
        JsonNode kingsbridge = contradictions.get(names.indexOf("Kingsbridge Grammar School"));
        assertThat(kingsbridge.path("contradicts")).extracting(JsonNode::asText).containsExactly("hikvision");
        assertThat(kingsbridge.path("answers")).extracting(answer -> answer.path("source").asText())
                .containsExactlyInAnyOrder("file", "whatdotheyknow");
    }

    /** {@code /metrics}: the apps' own counters, and Kafka's (end-to-end latency, consumer lag). */
    private void checkMetrics(List<String> alertIds) {
        // Kafka Streams' meters are looked for again every ten seconds: those of tasks assigned after start show up then.
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            String metrics = RunningProcwatch.get(URI.create(procwatch.url("/metrics"))).body();
            assertThat(metrics).contains(
                    "procwatch_webhook_attempts_total{outcome=\"delivered\",subscription=\"campaign-desk\"} " + alertIds.size() + ".0",
                    "procwatch_topic_records{topic=\"procurement.alerts.v1\"}", "procwatch_sink_rows_written_total",
                    "procwatch_enrich_dead_letters_total",
                    "procwatch_harvest_windows_total{outcome=\"complete\",source=\"whatdotheyknow\"}",
                    "procwatch_harvest_through_seconds{source=\"whatdotheyknow\"}",
                    "kafka_stream_processor_node_record_e2e_latency_max", "kafka_consumer_fetch_manager_records_lag");
        });
    }

    private void checkDashboardInABrowser(List<String> alertIds, List<String> policeIds) throws Exception {
        HeadlessBrowser.assumeInstalled();
        JsonNode foi = procwatch.getJson("/api/foi/summary");
        WebDriver browser = HeadlessBrowser.start(dataDir);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(procwatch.url("/"));
            wait.until(page -> page.findElements(By.cssSelector("#alerts-table tr.alert")).size() == alertIds.size());
            List<String> shown = browser.findElements(By.cssSelector("#alerts-table tr.alert")).stream()
                    .map(row -> row.getDomAttribute("data-alert-id")).toList();
            assertThat(shown).containsExactlyInAnyOrderElementsOf(alertIds);

            // An alert's evidence opens under it.
            WebElement first = browser.findElement(By.cssSelector("#alerts-table tr.alert"));
            WebElement evidence = browser.findElement(By.cssSelector("#alerts-table tr.alert + tr.evidence"));
            assertThat(evidence.isDisplayed()).isFalse();
            first.findElements(By.tagName("td")).get(2).click();
            wait.until(page -> evidence.isDisplayed());
            JsonNode firstAlert = alert(procwatch.getJson("/api/alerts"), first.getDomAttribute("data-alert-id"));
            assertThat(evidence.getText()).contains(firstAlert.path("evidence").path(0).path("explanation").asText());

            // The FOI table and its chart: a row per body type and one for all bodies, with the API's figures.
            wait.until(page -> page.findElements(By.cssSelector("#foi-table tbody tr")).size() == foi.size());
            JsonNode all = foi.get(foi.size() - 1);
            WebElement allRow = browser.findElement(By.cssSelector("#foi-table tr[data-body-type=all]"));
            assertThat(allRow.getText()).contains("All bodies", all.path("requests").asText(), all.path("answered").asText(),
                    Math.round(all.path("share").asDouble() * 100) + "%");
            assertThat(browser.findElements(By.cssSelector("#foi-chart rect.bar"))).hasSize(countWithShare(foi));
            assertThat(browser.findElements(By.cssSelector("#entities-table tbody tr"))).isNotEmpty();
            assertThat(browser.findElements(By.cssSelector("#buyers-table tbody tr"))).isNotEmpty();
            HeadlessBrowser.screenshot(browser, "dashboard.png");

            // Filtered by body type, as a watchdog of police forces would.
            new Select(browser.findElement(By.cssSelector("#alert-filters select[name=bodyType]"))).selectByValue("police_force");
            browser.findElement(By.cssSelector("#alert-filters button")).click();
            wait.until(page -> page.findElements(By.cssSelector("#alerts-table tr.alert")).size() == policeIds.size());

            // A contract's detail, from its buyer's link.
            browser.findElement(By.cssSelector("#alerts-table tr.alert a")).click();
            wait.until(page -> page.findElements(By.cssSelector("#contract-detail h2")).size() == 1
                    && page.findElement(By.id("contract")).isDisplayed());
            assertThat(browser.findElements(By.cssSelector("#links-table tbody tr"))).isNotEmpty();
            assertThat(browser.getCurrentUrl()).contains("#/contract/");
            HeadlessBrowser.screenshot(browser, "contract.png");

            // The FOI answers by body: contradictions first, each with the sentence its answer rests on.
            browser.findElement(By.id("nav-foi")).click();
            wait.until(page -> page.findElement(By.id("foi-bodies")).isDisplayed()
                    && !page.findElements(By.cssSelector("#foi-bodies-table tbody tr[data-body]")).isEmpty());
            List<WebElement> bodies = browser.findElements(By.cssSelector("#foi-bodies-table tbody tr[data-body]"));
            assertThat(bodies.get(0).getDomAttribute("class")).isEqualTo("contradiction");
            WebElement kingsbridge = browser.findElement(By.cssSelector("#foi-bodies-table tr[data-body='Kingsbridge Grammar School']"));
            assertThat(kingsbridge.getDomAttribute("class")).isEqualTo("contradiction");
            assertThat(kingsbridge.getText()).contains("The school does not use Hikvision cameras.", "contradicts the answer", "whatdotheyknow");
            HeadlessBrowser.screenshot(browser, "foi-bodies.png");

            // An analyst with a token reviews an alert as not a match: it leaves the active list, retracted, marked.
            browser.get(procwatch.url("/"));
            wait.until(page -> page.findElements(By.cssSelector("#alerts-table tr.alert")).size() == alertIds.size());
            browser.findElement(By.cssSelector("#review-token input[name=token]")).sendKeys(API_TOKEN);
            browser.findElement(By.cssSelector("#review-token button")).click();
            wait.until(page -> page.findElement(By.id("review-token-note")).getText().contains("Token set"));
            WebElement reviewed = browser.findElement(By.cssSelector("#alerts-table tr.alert"));
            String reviewedId = reviewed.getDomAttribute("data-alert-id");
            reviewed.findElements(By.tagName("td")).get(2).click();
            WebElement form = browser.findElement(By.cssSelector("#alerts-table tr.alert + tr.evidence .review"));
            form.findElement(By.cssSelector("input[name=note]")).sendKeys("<b>a namesake</b>");
            form.findElement(By.cssSelector("button.review-false-positive")).click();
            wait.withTimeout(PATIENCE).until(page -> page.findElements(By.cssSelector("#alerts-table tr.alert[data-alert-id='" + reviewedId + "']"))
                    .isEmpty() && page.findElements(By.cssSelector("#alerts-table tr.alert")).size() == alertIds.size() - 1);
            new Select(browser.findElement(By.cssSelector("#alert-filters select[name=status]"))).selectByValue("retracted");
            browser.findElement(By.cssSelector("#alert-filters button")).click();
            wait.until(page -> page.findElements(By.cssSelector("#alerts-table tr.alert[data-alert-id='" + reviewedId + "']")).size() == 1);
            WebElement retracted = browser.findElement(By.cssSelector("#alerts-table tr.alert[data-alert-id='" + reviewedId + "']"));
            assertThat(retracted.getText()).contains("retracted: reviewed as not a match", "not a match (campaign)");
            assertThat(browser.findElements(By.tagName("b"))).as("a note is text, never markup").isEmpty();
            HeadlessBrowser.screenshot(browser, "reviewed.png");
        } finally {
            browser.quit();
        }
    }

    /**
     * {@code procurement.alerts.v1} read with nothing of procwatch's: a plain consumer, the writer schema
     * fetched by the id in each record from the Confluent-API URL {@code /api/status} gives, generic Avro.
     */
    private List<String> readAlertIdsAsAnyAvroClientWould(List<String> expected) throws Exception {
        JsonNode status = procwatch.getJson("/api/status");
        Map<Integer, Schema> schemas = new HashMap<>();
        List<String> ids = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", status.path("kafka").asText(),
                "group.id", "watchdog-" + UUID.randomUUID(), "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("procurement.alerts.v1"));
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < end && !ids.containsAll(expected)) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    ByteBuffer value = ByteBuffer.wrap(record.value());
                    assertThat(value.get()).as("magic byte").isEqualTo((byte) 0);
                    int schemaId = value.getInt();
                    Schema schema = schemas.computeIfAbsent(schemaId, id -> fetchSchema(status.path("schemaRegistry").asText(), id));
                    var decoder = DecoderFactory.get().binaryDecoder(record.value(), value.position(), value.remaining(), null);
                    GenericRecord alert = new GenericDatumReader<GenericRecord>(schema).read(null, decoder);
                    assertThat(alert.get("alertId").toString()).isEqualTo(record.key());
                    ids.add(record.key());
                }
            }
        }
        return ids.stream().distinct().toList();
    }

    private static Schema fetchSchema(String registryUrl, int id) {
        try {
            var response = RunningProcwatch.get(URI.create(registryUrl + "/schemas/ids/" + id));
            assertThat(response.statusCode()).isEqualTo(200);
            return new Schema.Parser().parse(JSON.readTree(response.body()).path("schema").asText());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("could not fetch schema " + id, e);
        }
    }

    private void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            deliveries.add(new Delivery(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("X-Procwatch-Delivery"),
                    exchange.getRequestHeaders().getFirst("X-Procwatch-Signature"), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    /** The alerts delivered to a path, by the alert ids their delivery ids ({@code <alertId>:<event>}) name. */
    private List<String> deliveredAlertIds(String path) {
        return deliveries.stream().filter(delivery -> delivery.path().equals(path))
                .map(delivery -> delivery.deliveryId().substring(0, delivery.deliveryId().lastIndexOf(':'))).toList();
    }

    /** The alert ids once two looks a few seconds apart agree: the samples are all through enrich by then. */
    private List<String> awaitSettledAlertIds(String path) {
        ConcurrentMap<String, List<String>> last = new ConcurrentHashMap<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(3)).until(() -> {
            List<String> now = ids(procwatch.getJson(path));
            List<String> before = last.put("ids", now);
            return !now.isEmpty() && now.equals(before);
        });
        return last.get("ids");
    }

    private static List<String> ids(JsonNode alerts) {
        List<String> ids = new ArrayList<>();
        alerts.forEach(alert -> ids.add(alert.path("alertId").asText()));
        Set<String> unique = new HashSet<>(ids);
        assertThat(unique).as("each alert listed once").hasSameSizeAs(ids);
        return ids;
    }

    private static JsonNode alert(JsonNode alerts, String alertId) {
        for (JsonNode alert : alerts) {
            if (alert.path("alertId").asText().equals(alertId)) {
                return alert;
            }
        }
        throw new AssertionError("no alert " + alertId);
    }

    private static int countWithShare(JsonNode foi) {
        int count = 0;
        for (JsonNode row : foi) {
            if (row.hasNonNull("share")) {
                count++;
            }
        }
        return count;
    }
}
