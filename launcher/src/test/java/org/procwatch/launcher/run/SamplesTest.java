package org.procwatch.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.enrich.ocds.ExtensionSchemas;
import org.procwatch.enrich.topology.EnrichSettings;
import org.procwatch.enrich.topology.EnrichTopics;
import org.procwatch.enrich.topology.EnrichTopology;
import org.procwatch.ingest.bods.BodsReader;
import org.procwatch.ingest.kafka.ReleaseIngest;
import org.procwatch.ingest.ocds.OcdsReader;
import org.procwatch.ingest.source.InputSpec;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.Evidence;
import org.procwatch.schemas.avro.EvidenceKind;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.registry.InMemorySchemaRegistry;
import org.procwatch.schemas.watchlist.WatchlistFile;

/** The bundled samples show every way procwatch links a contract to a listed firm, and what it does not link. */
class SamplesTest {

    @TempDir
    Path folder;

    @Test
    void shouldWriteTheSamplesAndRaiseAlertsOfEveryKindFromThem() throws IOException {
        List<InputSpec> inputs = Samples.writeTo(folder);
        assertThat(inputs).hasSize(4).allSatisfy(input -> assertThat(input.path()).isNotEmptyFile());
        assertThat(folder.resolve("README.md")).content().contains("invented");

        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        EnrichTopics topics = EnrichTopics.standard();
        EnrichSettings settings = new EnrichSettings("samples-test", "localhost:9092", folder.resolve("state"), Duration.ofSeconds(2),
                ExtensionSchemas.none(), Map.of());
        Instant at = Instant.parse("2026-03-01T00:00:00Z");
        try (TopologyTestDriver driver = new TopologyTestDriver(EnrichTopology.build(topics, registry, settings),
                EnrichTopology.streamsProperties(topics, registry, settings), at)) {
            var watchlist = driver.createInputTopic(topics.watchlist().name(), topics.watchlist().keySerde(registry).serializer(),
                    topics.watchlist().valueSerde(registry).serializer());
            List<WatchlistEntity> entities = new ArrayList<>(WatchlistFile.bundled());
            entities.addAll(WatchlistFile.read(Files.newBufferedReader(folder.resolve("watchlist-additions.jsonl"), StandardCharsets.UTF_8),
                    "samples", problem -> { throw new AssertionError(problem.toString()); }));
            entities.forEach(entity -> watchlist.pipeInput(entity.getId(), entity, at));

            var ownership = driver.createInputTopic(topics.ownership().name(), topics.ownership().keySerde(registry).serializer(),
                    topics.ownership().valueSerde(registry).serializer());
            try (InputStream in = Files.newInputStream(folder.resolve("ownership.json"))) {
                new BodsReader().read("samples", in, statement -> ownership.pipeInput(statement.getStatementId(), statement, at),
                        problem -> { throw new AssertionError(problem.toString()); });
            }

            var releases = driver.createInputTopic(topics.releases().name(), topics.releases().keySerde(registry).serializer(),
                    topics.releases().valueSerde(registry).serializer());
            new OcdsReader().read(folder.resolve("releases.jsonl"),
                    release -> releases.pipeInput(release.ocid(), ReleaseIngest.record(release, "file", at), at),
                    problem -> { throw new AssertionError(problem.toString()); });

            List<Alert> alerts = driver.createOutputTopic(topics.alerts().name(), topics.alerts().keySerde(registry).deserializer(),
                    topics.alerts().valueSerde(registry).deserializer()).readValuesToList();
            Set<EvidenceKind> kinds = alerts.stream().flatMap(alert -> alert.getEvidence().stream()).map(Evidence::getKind)
                    .collect(Collectors.toSet());
            assertThat(kinds).contains(EvidenceKind.NAME, EvidenceKind.IDENTIFIER, EvidenceKind.BRAND, EvidenceKind.PRODUCT_CODE,
                    EvidenceKind.OWNERSHIP_CHAIN);
            Set<String> alerted = alerts.stream().map(Alert::getOcid).collect(Collectors.toSet());
            assertThat(alerted).as("printing, an unlinked maintainer, Lorex after its sale, an unbranded camera, thermal imaging")
                    .doesNotContain("ocds-b5fd17-sample-007", "ocds-b5fd17-sample-009", "ocds-b5fd17-sample-010", "ocds-b5fd17-sample-012",
                            "ocds-b5fd17-sample-014")
                    .hasSize(9);
            assertThat(alerts).extracting(Alert::getBodyType).map(Enum::name)
                    .contains("secondary_school", "primary_school", "local_authority", "police_force", "nhs_trust", "university");
        }
    }
}
