package org.procwatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.topic.Topics;
import org.procwatch.stack.process.Ports;
import org.w3c.dom.Document;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input/cases.json}) through {@code procwatch run}: each
 * case ends as its manifest says (processed, repaired, dead-lettered by the stage named, with a reason, or
 * nothing at all), hostile strings come out as the text they are in PostgreSQL, the API, the Atom feed and
 * the dashboard, and procwatch stays up throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCorpusIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final String CORPUS = "/bad-input/";

    @TempDir
    static Path dataDir; // static: a class-wide instance gets its fields after @BeforeAll would need them

    private RunningProcwatch procwatch;
    private List<BadInputCase> cases;
    private String jdbcUrl;

    /** One case of the manifest. */
    record BadInputCase(String id, String input, String outcome, String app, String ocid, String title, String apiTitle,
                        String requestId, boolean alert, Integer releaseCount, JsonNode generate) {

        static BadInputCase of(JsonNode node) {
            JsonNode generate = node.path("generate");
            String ocid = generate.has("randomOcidBytes") ? randomText(generate.path("randomOcidBytes").asInt(), generate.path("seed").asLong())
                    : text(node, "ocid");
            return new BadInputCase(node.path("id").asText(), text(node, "input"), node.path("outcome").asText(), text(node, "app"),
                    ocid, text(node, "title"), node.has("apiTitle") ? text(node, "apiTitle") : text(node, "title"),
                    text(node, "requestId"), node.path("alert").asBoolean(false),
                    node.has("releaseCount") ? node.path("releaseCount").asInt() : null, node.get("generate"));
        }

        boolean compiled() {
            return ocid != null && (outcome.equals("processed") || outcome.equals("repaired") || outcome.equals("mixed"));
        }

        /** Letters and digits drawn at random from the seed: text that compression cannot shrink much. */
        static String randomText(int length, long seed) {
            java.util.Random random = new java.util.Random(seed);
            String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return text.toString();
        }

        String fileName() {
            return input == null ? id + ".jsonl" : Path.of(input).getFileName().toString();
        }

        private static String text(JsonNode node, String field) {
            return node.hasNonNull(field) ? node.path(field).asText() : null;
        }
    }

    @BeforeAll
    void runTheCorpus() throws Exception {
        JsonNode manifest = JSON.readTree(resource("cases.json"));
        cases = new ArrayList<>();
        manifest.path("cases").forEach(node -> cases.add(BadInputCase.of(node)));
        assertThat(cases).as("the issue asks for at least 40 cases").hasSizeGreaterThanOrEqualTo(40);
        Path inputs = copyInputs();
        procwatch = new RunningProcwatch(dataDir.resolve("data"), Ports.preferredOrFree(0));
        List<String> options = new ArrayList<>(RunningProcwatch.freeServicePorts());
        options.add("--no-samples");
        // Watchlist and ownership first, so the releases after them are screened against them.
        for (String type : List.of("watchlist", "ownership", "foi", "ocds")) {
            options.addAll(List.of("--input", type + ":" + inputs.resolve(type)));
        }
        procwatch.start(options);
        procwatch.awaitReady();
        jdbcUrl = procwatch.getJson("/api/status").path("jdbcUrl").asText();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (procwatch != null) {
            procwatch.stop();
        }
    }

    @Test
    @Order(1)
    void shouldEndEveryCaseAsItsManifestSaysAndStayUp() throws Exception {
        List<String> compiled = cases.stream().filter(BadInputCase::compiled).map(BadInputCase::ocid).toList();
        await("every case meant to be compiled in PostgreSQL").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(shortened(missingFromContracts(compiled))).isEmpty());
        List<DeadLetter> deadLetters = deadLettersOnceQuiet();

        SoftAssertions softly = new SoftAssertions();
        for (BadInputCase badInput : cases) {
            List<DeadLetter> its = deadLetters.stream().filter(letter -> belongsTo(letter, badInput)).toList();
            switch (badInput.outcome()) {
                case "dead-letter" -> {
                    softly.assertThat(its).as("%s: dead-lettered", badInput.id()).isNotEmpty();
                    its.forEach(letter -> {
                        softly.assertThat(letter.getApp()).as("%s: the stage that rejected it", badInput.id()).isEqualTo(badInput.app());
                        softly.assertThat(letter.getReason()).as("%s: a reason", badInput.id()).isNotBlank();
                    });
                    if (badInput.ocid() != null) {
                        softly.assertThat(ocidsInContracts().contains(badInput.ocid())).as("%s: not compiled", badInput.id()).isFalse();
                    }
                }
                case "mixed" -> softly.assertThat(its).as("%s: its bad part dead-lettered", badInput.id()).hasSize(1);
                case "processed", "repaired", "nothing" ->
                        softly.assertThat(its).as("%s: nothing dead-lettered", badInput.id()).isEmpty();
                default -> throw new IllegalStateException(badInput.id() + ": unknown outcome " + badInput.outcome());
            }
            if (badInput.title() != null) {
                softly.assertThat(stored("SELECT title FROM contracts WHERE ocid = ?", badInput.ocid()))
                        .as("%s: the title in PostgreSQL", badInput.id()).isEqualTo(badInput.title());
                JsonNode contract = procwatch.getJson("/api/contracts/" + encoded(badInput.ocid()));
                softly.assertThat(contract.toString()).as("%s: the API answers with its title", badInput.id())
                        .contains(JSON.writeValueAsString(badInput.apiTitle()).replaceAll("^\"|\"$", ""));
            }
            if (badInput.releaseCount() != null) {
                softly.assertThat(stored("SELECT release_count::text FROM contracts WHERE ocid = ?", badInput.ocid()))
                        .as("%s: releases compiled", badInput.id()).isEqualTo(badInput.releaseCount().toString());
            }
            if (badInput.requestId() != null) {
                softly.assertThat(stored("SELECT request_id FROM foi_responses WHERE request_id = ?", badInput.requestId()))
                        .as("%s: the FOI row stored", badInput.id()).isEqualTo(badInput.requestId());
            }
            if (badInput.alert()) {
                softly.assertThat(stored("SELECT count(*)::text FROM alerts WHERE ocid = ?", badInput.ocid()))
                        .as("%s: alerted", badInput.id()).isNotEqualTo("0");
            }
        }
        softly.assertThat(tableCount("contracts")).as("the hostile SQL left the tables in place").isGreaterThan(0);
        softly.assertThat(procwatch.process().isAlive()).as("procwatch still running").isTrue();
        softly.assertThat(RunningProcwatch.get(URI.create(procwatch.url("/ready"))).statusCode()).as("still ready").isEqualTo(200);
        softly.assertAll();
    }

    @Test
    @Order(2)
    void shouldServeHostileTextsAsWellFormedAtom() throws Exception {
        String atom = RunningProcwatch.get(URI.create(procwatch.url("/api/alerts.atom?limit=500"))).body();
        Document feed = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(atom.getBytes(StandardCharsets.UTF_8)));
        String text = feed.getDocumentElement().getTextContent();
        for (BadInputCase badInput : cases) {
            if (badInput.alert() && badInput.title() != null) {
                assertThat(text).as("%s: the buyer's name as text in the feed", badInput.id()).contains(xmlSafe(badInput.title()));
            }
        }
        assertThat(feed.getElementsByTagName("script").getLength()).as("no element made of a hostile string").isZero();
        assertThat(feed.getElementsByTagName("img").getLength()).isZero();
    }

    @Test
    @Order(3)
    void shouldShowHostileTextsInTheDashboardWithoutRunningThem() throws Exception {
        HeadlessBrowser.assumeInstalled();
        WebDriver browser = HeadlessBrowser.start(dataDir);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(procwatch.url("/"));
            wait.until(page -> !page.findElements(By.cssSelector("#alerts-table tr.alert")).isEmpty());
            String shown = browser.findElement(By.tagName("body")).getText();
            assertThat(shown).contains("Robert'); DROP TABLE contracts; --");
            assertThat(pwned(browser)).as("no hostile script ran on the alerts page").isFalse();
            for (BadInputCase badInput : cases) {
                if (badInput.alert() && badInput.title() != null) {
                    browser.get(procwatch.url("/#/contract/" + encoded(badInput.ocid())));
                    wait.until(page -> page.findElement(By.id("contract")).isDisplayed()
                            && page.findElement(By.id("contract-detail")).getText().contains("Hikvision"));
                    assertThat(visible(browser.findElement(By.id("contract-detail")).getText())).as("%s: shown as text", badInput.id())
                            .contains(visible(badInput.title()).substring(0, 4));
                    assertThat(pwned(browser)).as("%s: no hostile script ran on its contract page", badInput.id()).isFalse();
                }
            }
            HeadlessBrowser.screenshot(browser, "hostile-contract.png");
        } finally {
            browser.quit();
        }
    }

    /** A text as a browser shows it: format characters (zero-width space, direction marks) take no room. */
    private static String visible(String text) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().filter(c -> Character.getType(c) != Character.FORMAT).forEach(shown::appendCodePoint);
        return shown.toString();
    }

    private static boolean pwned(WebDriver browser) {
        return Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript("return window.__pwned === 1;"));
    }

    /** The dead letters, read once their count has not changed for a while: every stage has had its say. */
    private List<DeadLetter> deadLettersOnceQuiet() throws Exception {
        JsonNode status = procwatch.getJson("/api/status");
        var registry = new RestSchemaRegistryClient(status.path("schemaRegistry").asText());
        List<DeadLetter> letters = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", status.path("kafka").asText(),
                "group.id", "corpus-" + System.nanoTime(), "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new ByteArrayDeserializer(), Topics.DLQ.valueSerde(registry).deserializer())) {
            consumer.subscribe(List.of(Topics.DLQ.name()));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(15).toNanos()) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                    records.forEach(record -> letters.add(record.value()));
                }
            }
        }
        return letters;
    }

    /** Ingest's letters name the file they came from; later stages' letters carry the record's key, the ocid. */
    private static boolean belongsTo(DeadLetter letter, BadInputCase badInput) {
        if (letter.getSource() != null && letter.getSource().endsWith("/" + badInput.fileName())) {
            return true;
        }
        if (badInput.ocid() != null && letter.getKey() != null) {
            return new String(letter.getKey().array(), StandardCharsets.UTF_8).equals(badInput.ocid());
        }
        return false;
    }

    private List<String> missingFromContracts(List<String> ocids) throws SQLException {
        List<String> missing = new ArrayList<>(ocids);
        missing.removeAll(ocidsInContracts());
        return missing;
    }

    /** Ocids as a failure message can show them: one case's is 20,000 characters long. */
    private static List<String> shortened(List<String> ocids) {
        return ocids.stream().map(ocid -> ocid.length() > 60 ? ocid.substring(0, 60) + "…" : ocid).toList();
    }

    private List<String> ocidsInContracts() throws SQLException {
        List<String> ocids = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             ResultSet rows = connection.createStatement().executeQuery("SELECT ocid FROM contracts")) {
            while (rows.next()) {
                ocids.add(rows.getString(1));
            }
        }
        return ocids;
    }

    private String stored(String query, String key) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private long tableCount(String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The committed inputs copied out, and the generated ones (too big to keep in the repository) written. */
    private Path copyInputs() throws IOException, URISyntaxException {
        Path source = Path.of(getClass().getResource(CORPUS + "cases.json").toURI()).getParent();
        Path inputs = dataDir.resolve("inputs");
        for (String type : List.of("watchlist", "ownership", "foi", "ocds")) {
            Files.createDirectories(inputs.resolve(type));
            try (Stream<Path> files = Files.list(source.resolve(type))) {
                for (Path file : files.toList()) {
                    Files.copy(file, inputs.resolve(type).resolve(file.getFileName()));
                }
            }
        }
        for (BadInputCase badInput : cases) {
            if (badInput.generate() != null) {
                JsonNode generate = badInput.generate();
                String ocid = generate.has("randomOcidBytes") ? badInput.ocid() : generate.path("ocid").asText();
                ObjectNode release = JSON.createObjectNode().put("ocid", ocid).put("id", "1").put("date", "2025-05-01T09:00:00Z");
                release.putObject("tender").put("id", "1").put("title", "Generated case " + badInput.id())
                        .put("description", "CCTV ".repeat(generate.path("descriptionBytes").asInt() / 5));
                if (generate.has("randomBuyerBytes")) {
                    release.putObject("buyer").put("name", BadInputCase.randomText(generate.path("randomBuyerBytes").asInt(),
                            generate.path("seed").asLong()));
                }
                Files.write(inputs.resolve("ocds").resolve(badInput.fileName()), (JSON.writeValueAsString(release) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        return inputs;
    }

    private static InputStream resource(String name) {
        return BadInputCorpusIT.class.getResourceAsStream(CORPUS + name);
    }

    private static String encoded(String ocid) {
        return URLEncoder.encode(ocid, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** What XML 1.0 can carry of a text: characters it forbids are left out of the feed. */
    private static String xmlSafe(String text) {
        StringBuilder safe = new StringBuilder();
        text.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                || c >= 0x10000).forEach(safe::appendCodePoint);
        return safe.toString();
    }
}
