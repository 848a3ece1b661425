package org.procwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class InputDetectorTest {

    private static Optional<InputType> detect(String content) throws IOException {
        return InputDetector.detect(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldRecogniseEveryOcdsPackaging() throws IOException {
        assertThat(detect("{\"uri\": \"x\", \"version\": \"1.1\", \"releases\": [{\"ocid\": \"o\"}]}")).contains(InputType.OCDS);
        assertThat(detect("  {\"records\": []}")).contains(InputType.OCDS);
        assertThat(detect("[{\"ocid\": \"o\", \"id\": \"1\", \"date\": \"2024-01-01\"}]")).contains(InputType.OCDS);
        assertThat(detect("{\"ocid\": \"o\"}\n{\"ocid\": \"p\"}\n")).contains(InputType.OCDS);
    }

    @Test
    void shouldRecogniseOwnershipWatchlistAndFoi() throws IOException {
        assertThat(detect("[{\"statementID\": \"s\", \"statementType\": \"entityStatement\"}]")).contains(InputType.OWNERSHIP);
        assertThat(detect("{\"statementId\": \"s\", \"recordType\": \"entity\", \"recordDetails\": {}}")).contains(InputType.OWNERSHIP);
        assertThat(detect("{\"id\": \"acme\", \"name\": \"Acme\", \"relation\": \"distributor\", \"parentId\": \"dahua\"}\n"))
                .contains(InputType.WATCHLIST);
        assertThat(detect("\uFEFFrequest_id,body_name,body_type,outcome\nr1,A,other,answered\n")).contains(InputType.FOI);
    }

    @Test
    void shouldRecogniseTheOfficialListsAsWatchlists() throws IOException {
        assertThat(detect("{\"total\": 1, \"sources_used\": [], \"results\": [{\"id\": \"x\", \"name\": \"X\"}]}")).contains(InputType.WATCHLIST);
        assertThat(detect("{\"id\": \"NK-1\", \"schema\": \"Company\", \"properties\": {\"name\": [\"X\"]}}\n")).contains(InputType.WATCHLIST);
        assertThat(detect("{\"op\": \"DEL\", \"entity\": {\"id\": \"NK-1\"}}\n")).contains(InputType.WATCHLIST);
        assertThat(detect("<?xml version=\"1.0\"?><Designations><Designation><UniqueID>X</UniqueID></Designation></Designations>"))
                .contains(InputType.WATCHLIST);
        assertThat(detect("Entity Name,Covered Equipment or Services,Subsidiary Names\nX,Y,\n")).contains(InputType.WATCHLIST);
        assertThat(detect("{\"ocid\": \"ocds-1\", \"id\": \"1\", \"date\": \"2024-01-01\", \"properties\": {}}")).as("still OCDS")
                .contains(InputType.OCDS);
    }

    @Test
    void shouldRecogniseGzippedContentAndAProbeThatEndsMidValue() throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(bytes)) {
            gzip.write(("{\"releases\": [{\"ocid\": \"o\", \"title\": \"" + "x".repeat(200_000) + "\"}]}").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(InputDetector.detect(new ByteArrayInputStream(bytes.toByteArray()))).contains(InputType.OCDS);
    }

    @Test
    void shouldFindNothingInUnknownContent() throws IOException {
        assertThat(detect("")).isEmpty();
        assertThat(detect("hello, world\n")).isEmpty();
        assertThat(detect("{\"some\": \"thing\"}")).isEmpty();
    }

    @Test
    void shouldParseTypePrefixes() {
        assertThat(InputSpec.parse("watchlist:my/list.jsonl")).isEqualTo(new InputSpec(Path.of("my/list.jsonl"), Optional.of(InputType.WATCHLIST)));
        assertThat(InputSpec.parse("data/foi.csv")).isEqualTo(new InputSpec(Path.of("data/foi.csv"), Optional.empty()));
        assertThat(InputSpec.parse("C:data")).isEqualTo(new InputSpec(Path.of("C:data"), Optional.empty()));
        assertThatThrownBy(() -> InputSpec.parse("contracts:x.json")).hasMessageContaining("unknown input type 'contracts'")
                .hasMessageContaining("ocds, foi, watchlist, ownership");
    }
}
