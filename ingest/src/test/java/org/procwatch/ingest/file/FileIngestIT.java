package org.procwatch.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.ingest.foi.ColumnMapping;
import org.procwatch.ingest.kafka.IngestTopics;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.progress.IngestProgress;
import org.procwatch.ingest.source.InputSpec;
import org.procwatch.ingest.source.ReadLimits;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.avro.IngestedRelease;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.junit.LocalStackExtension;
import org.procwatch.stack.junit.TestScope;
import org.procwatch.stack.junit.TopicContents;

@ExtendWith(LocalStackExtension.class)
class FileIngestIT {

    /** A small release size limit, so that one test file goes over it. */
    private static final int LIMIT = 4096;

    @TempDir
    Path folder;

    @Test
    void shouldIngestAMixedFolderOnceAcrossRestartsWithEveryBadCaseInTheDeadLetterTopic(LocalStack stack, TestScope scope) throws Exception {
        String p = scope.id();
        Files.writeString(folder.resolve("a-package.json"), """
                {"version": "1.1", "publisher": {"name": "Test Publisher"}, "releases": [
                  {"ocid": "ocds-%1$s-1", "id": "1", "date": "2024-01-01", "tag": ["tender"]},
                  {"ocid": "ocds-%1$s-2", "id": "1", "date": "2024-01-02", "tag": ["tender"]}]}
                """.formatted(p));
        Files.writeString(folder.resolve("a-package-copy.json"), Files.readString(folder.resolve("a-package.json")));
        Files.writeString(folder.resolve("b-releases.jsonl"), """
                {"ocid": "ocds-%1$s-1", "id": "2", "date": "2024-02-01", "tag": ["award"]}
                {"ocid": "ocds-%1$s-1", "id": broken
                """.formatted(p));
        Files.writeString(folder.resolve("c-foi.csv"), """
                request_id,body_name,body_type,region,response_date,outcome,hikvision,dahua,other_vendors,capabilities,source_url
                %1$s-r1,Riverside Academy,secondary_school,,2024-03-01,answered,yes,no,EZVIZ,,
                %1$s-r2,Anytown Council,local_authority,,,refused,,,,,
                %1$s-r3,Odd Body,spaceport,,,answered,no,no,,,
                """.formatted(p));
        Files.writeString(folder.resolve("d-watchlist.jsonl"), """
                {"id": "%1$s-acme", "name": "Acme Surveillance Ltd", "relation": "distributor", "parentId": "dahua", "sources": ["https://example.org"]}
                {"id": "%1$s-orphan", "name": "Orphan Ltd", "relation": "subsidiary"}
                """.formatted(p));
        Files.writeString(folder.resolve("e-ownership.json"), """
                [{"statementID": "%1$s-e1", "statementType": "entityStatement", "name": "Acme Surveillance Ltd"},
                 {"statementID": "%1$s-r1", "statementType": "ownershipOrControlStatement",
                  "subject": {"describedByEntityStatement": "%1$s-e1"}, "interestedParty": {"describedByEntityStatement": "dahua"},
                  "interests": [{"type": "shareholding", "share": {"exact": 100}}]},
                 {"statementType": "entityStatement", "name": "No id"}]
                """.formatted(p));
        Files.writeString(folder.resolve("f-empty.json"), "");
        Files.writeString(folder.resolve("h-records.json"), """
                {"version": "1.1", "records": [{"ocid": "ocds-%1$s-3", "releases": [
                  {"ocid": "ocds-%1$s-3", "id": "1", "date": "2024-01-03", "tag": ["planning"]}]}]}
                """.formatted(p));
        try (var gzip = new GZIPOutputStream(Files.newOutputStream(folder.resolve("i-releases.jsonl.gz")))) {
            gzip.write("""
                    {"ocid": "ocds-%1$s-4", "id": "1", "date": "2024-01-04"}
                    {"ocid": "ocds-%1$s-4", "id": "2", "date": "2024-01-05"}
                    """.formatted(p).getBytes(StandardCharsets.UTF_8));
        }
        Files.write(folder.resolve("j-latin1.json"), """
                {"ocid": "ocds-%1$s-5", "id": "1", "tender": {"title": "Caméras de surveillance, £5k"}}
                """.formatted(p).getBytes(Charset.forName("windows-1252")));
        Files.writeString(folder.resolve("k-truncated.json"), """
                {"version": "1.1", "releases": [{"ocid": "ocds-%1$s-6", "id": "1"}, {"ocid": "ocds-%1$s-6", "id": "2", "da""".formatted(p));
        Files.writeString(folder.resolve("l-too-large.json"), """
                {"ocid": "ocds-%1$s-7", "id": "1", "description": "%2$s"}
                """.formatted(p, "x".repeat(5000)));
        // A publisher repeating a release id and date (Kingfisher Collect #1049): other content is a release of its own.
        Files.writeString(folder.resolve("m-repeated-ids.jsonl"), """
                {"ocid": "ocds-%1$s-8", "id": "1", "date": "2024-01-08", "tag": ["tender"]}
                {"ocid": "ocds-%1$s-8", "id": "1", "date": "2024-01-08", "tag": ["tender"]}
                {"ocid": "ocds-%1$s-8", "id": "1", "date": "2024-01-08", "tag": ["tenderUpdate"]}
                """.formatted(p));
        // An official list's own format (the Consolidated Screening List's JSON), told from its content.
        Files.writeString(folder.resolve("n-consolidated.json"), """
                {"total": 1, "sources_used": [], "results": [{"id": "%1$s-csl", "source": "Entity List (EL) - Bureau of Industry and Security",
                  "type": null, "name": "Example Listed Technology Co., Ltd.", "alt_names": [], "addresses": [], "ids": []}]}
                """.formatted(p));
        Files.writeString(folder.resolve("g-notes.txt"), "minutes of the procurement board\n");

        IngestTopics topics = IngestTopics.standard().copied(scope::topic);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());

        long folderBytes;
        try (Stream<Path> files = Files.list(folder)) {
            folderBytes = files.mapToLong(file -> file.toFile().length()).sum();
        }
        AtomicLong lastDone = new AtomicLong();
        IngestProgress progress = new IngestProgress() {
            @Override
            public void begin(String task, long total, Unit unit) {
                assertThat(total).isEqualTo(folderBytes);
                assertThat(task).isEqualTo("Ingesting 15 files");
            }

            @Override
            public void update(long done, long records) {
                assertThat(done).isGreaterThanOrEqualTo(lastDone.get()).isLessThanOrEqualTo(folderBytes);
                lastDone.set(done);
            }

            @Override
            public void end() {
            }
        };

        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("ingest"))) {
            new FileIngest(writer, ColumnMapping.canonical(), progress, ReadLimits.DEFAULTS.withMaxReleaseBytes(LIMIT)).ingest(List.of(new InputSpec(folder, Optional.empty())));
        }
        assertThat(lastDone).hasValue(folderBytes);

        List<IngestedRelease> releases = TopicContents.values(stack, topics.releases(), registry);
        assertThat(releases).extracting(r -> r.getOcid().substring(r.getOcid().lastIndexOf('-') + 1) + "/" + r.getReleaseId())
                .as("the copy of a-package.json adds nothing, the truncated file keeps what came before the break, "
                        + "a repeated id with other content is kept and the same content again is not")
                .containsExactlyInAnyOrder("1/1", "2/1", "1/2", "3/1", "4/1", "4/2", "5/1", "6/1", "8/1", "8/1");
        assertThat(releases).filteredOn(r -> r.getOcid().endsWith("-5")).singleElement()
                .satisfies(r -> assertThat(r.getReleaseJson()).contains("Caméras de surveillance, £5k"));
        assertThat(releases).as("declared by the package, or implied for releases outside one")
                .allSatisfy(release -> assertThat(release.getSource().getDataVersion()).isEqualTo("1.1"));
        assertThat(releases).filteredOn(r -> r.getSource().getUri().endsWith("a-package.json"))
                .allSatisfy(r -> assertThat(r.getSource().getPublisher()).isEqualTo("Test Publisher"));
        assertThat(TopicContents.values(stack, topics.foiResponses(), registry)).hasSize(2);
        assertThat(TopicContents.values(stack, topics.watchlist(), registry)).extracting(WatchlistEntity::getId)
                .containsExactlyInAnyOrder(p + "-acme", "us-csl:" + p + "-csl");
        assertThat(TopicContents.values(stack, topics.ownership(), registry)).hasSize(2);
        List<DeadLetter> deadLetters = TopicContents.values(stack, topics.deadLetters(), registry);
        assertThat(deadLetters).extracting(letter -> letter.getPosition() == null ? null
                        : letter.getPosition().replaceFirst("column \\d+", "column N"))
                .containsExactlyInAnyOrder("line 2", "row 4", "line 2", "[2]", null, null, "line 1, column N", null);
        assertThat(deadLetters).extracting(DeadLetter::getReason)
                .anySatisfy(reason -> assertThat(reason).startsWith("not JSON"))
                .anySatisfy(reason -> assertThat(reason).contains("spaceport"))
                .anySatisfy(reason -> assertThat(reason).contains("parentId"))
                .anySatisfy(reason -> assertThat(reason).contains("statementId"))
                .anySatisfy(reason -> assertThat(reason).isEqualTo("the file is empty"))
                .anySatisfy(reason -> assertThat(reason).contains("could not tell what this file holds"))
                .anySatisfy(reason -> assertThat(reason).contains("breaks off"))
                .anySatisfy(reason -> assertThat(reason).contains("over the limit of 4,096 bytes"));
        assertThat(deadLetters).allSatisfy(letter -> {
            assertThat(letter.getApp()).isEqualTo("ingest");
            assertThat(letter.getSource()).startsWith(folder.toString());
        });

        // A restart, and a second pass over the same files, produce nothing new.
        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("ingest"))) {
            new FileIngest(writer, ColumnMapping.canonical(), IngestProgress.NONE, ReadLimits.DEFAULTS.withMaxReleaseBytes(LIMIT))
                    .ingest(List.of(new InputSpec(folder, Optional.empty())));
            assertThat(writer.produced()).isZero();
            assertThat(writer.deadLetters()).isZero();
        }
        assertThat(TopicContents.values(stack, topics.releases(), registry)).hasSize(10);
        assertThat(TopicContents.values(stack, topics.deadLetters(), registry)).hasSize(8);
    }

    @Test
    void shouldStopATableOrAGzipAtItsLimitWithTheReasonAndGoOnWithTheNextFile(LocalStack stack, TestScope scope) throws Exception {
        String p = scope.id();
        StringBuilder table = new StringBuilder("request_id,body_name,body_type,outcome,hikvision,dahua\n");
        long rowsWithin = 0;
        for (int i = 1; i <= 500; i++) {
            table.append(p).append("-r").append(i).append(",Riverside Academy,secondary_school,answered,yes,no\n");
            rowsWithin += table.length() <= 20_000 ? 1 : 0;
        }
        Files.writeString(folder.resolve("a-foi.csv"), table);
        long linesWithin = 0;
        long decompressed = 0;
        try (var gzip = new GZIPOutputStream(Files.newOutputStream(folder.resolve("b-bomb.jsonl.gz")))) {
            for (int i = 0; i < 100_000; i++) {
                byte[] line = "{\"ocid\": \"ocds-%s-bomb\", \"id\": \"%d\"}\n".formatted(p, i).getBytes(StandardCharsets.UTF_8);
                gzip.write(line);
                decompressed += line.length;
                linesWithin += decompressed <= 2_000_000 ? 1 : 0;
            }
        }
        assertThat(decompressed).isGreaterThan(2_000_000);
        assertThat(rowsWithin).isBetween(5L, 499L);
        Files.writeString(folder.resolve("c-good.jsonl"), "{\"ocid\": \"ocds-%s-good\", \"id\": \"1\"}\n".formatted(p));
        ReadLimits limits = ReadLimits.DEFAULTS.withMaxTableBytes(20_000).withMaxDecompressedBytes(2_000_000);

        IngestTopics topics = IngestTopics.standard().copied(scope::topic);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        try (IngestWriter writer = new IngestWriter(Map.of("bootstrap.servers", stack.bootstrapServers()), registry, topics,
                scope.applicationId("ingest"))) {
            new FileIngest(writer, ColumnMapping.canonical(), IngestProgress.NONE, limits).ingest(List.of(new InputSpec(folder, Optional.empty())));
        }

        assertThat(TopicContents.values(stack, topics.foiResponses(), registry)).as("the rows within the first 20,000 bytes")
                .hasSize((int) rowsWithin);
        List<IngestedRelease> releases = TopicContents.values(stack, topics.releases(), registry);
        assertThat(releases).filteredOn(r -> r.getOcid().endsWith("-bomb")).as("the lines within the first 2 MB")
                .hasSize((int) linesWithin);
        assertThat(releases).filteredOn(r -> r.getOcid().endsWith("-good")).as("the next file").hasSize(1);
        assertThat(TopicContents.values(stack, topics.deadLetters(), registry)).extracting(DeadLetter::getReason).containsExactly(
                "the file could not be read to its end (InputTooLargeException: the table is over 20,000 bytes, the limit "
                        + "(--max-table-size)); what came before the break was ingested",
                "the file could not be read to its end (InputTooLargeException: it decompresses to more than 2,000,000 bytes, the limit "
                        + "(--max-decompressed-size)); what came before the break was ingested");
    }
}
