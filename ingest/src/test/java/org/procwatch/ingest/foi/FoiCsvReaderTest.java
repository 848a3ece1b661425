package org.procwatch.ingest.foi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.schemas.avro.BodyType;
import org.procwatch.schemas.avro.FoiAnswer;
import org.procwatch.schemas.avro.FoiOutcome;
import org.procwatch.schemas.avro.FoiResponse;

class FoiCsvReaderTest {

    private static final String HEADER = "request_id,body_name,body_type,region,response_date,outcome,hikvision,dahua,other_vendors,capabilities,source_url\n";

    @TempDir
    Path dir;

    private final List<FoiResponse> responses = new ArrayList<>();
    private final List<FoiCsvReader.Problem> problems = new ArrayList<>();

    private void read(String table, ColumnMapping mapping) throws IOException {
        read(table.getBytes(StandardCharsets.UTF_8), mapping);
    }

    private void read(byte[] table, ColumnMapping mapping) throws IOException {
        new FoiCsvReader(mapping).read("foi.csv", table, responses::add, problems::add);
    }

    @Test
    void shouldRefuseARowWhoseSourceIsNotAWebPage() throws IOException {
        read(HEADER + "r1,Riverside Academy,secondary_school,,,answered,yes,no,,,javascript:window.__pwned=1\n"
                + "r2,Anytown Council,local_authority,,,refused,,,,,http://example.org/r2\n", ColumnMapping.canonical());

        assertThat(responses).extracting(FoiResponse::getRequestId).containsExactly("r2");
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.position()).isEqualTo("row 2");
            assertThat(problem.reason()).isEqualTo("source_url is not an http or https address");
        });
    }

    @Test
    void shouldReadTheCanonicalLayout() throws IOException {
        read(HEADER + "r1,Riverside Academy,secondary_school,North West,2024-03-01,answered,yes,no,\"EZVIZ; Axis ;\","
                + "facial recognition;number plates,https://www.whatdotheyknow.com/request/r1\n"
                + "r2,Anytown Council,local_authority,,,refused,,,,,\n", ColumnMapping.canonical());

        assertThat(problems).isEmpty();
        FoiResponse first = responses.getFirst();
        assertThat(first.getRequestId()).as("a row about a WhatDoTheyKnow request has that request's id, as a poll of it has")
                .isEqualTo("whatdotheyknow:r1");
        assertThat(first.getBodyType()).isEqualTo(BodyType.secondary_school);
        assertThat(first.getResponseDate()).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(first.getOutcome()).isEqualTo(FoiOutcome.answered);
        assertThat(first.getHikvision()).isEqualTo(FoiAnswer.yes);
        assertThat(first.getOtherVendors()).containsExactly("EZVIZ", "Axis");
        assertThat(first.getCapabilities()).containsExactly("facial recognition", "number plates");
        assertThat(first.getSource().getPosition()).isEqualTo("row 2");
        FoiResponse second = responses.get(1);
        assertThat(second.getRequestId()).isEqualTo("r2");
        assertThat(second.getHikvision()).isEqualTo(FoiAnswer.unknown);
        assertThat(second.getRegion()).isNull();
        assertThat(second.getOtherVendors()).isEmpty();
    }

    @Test
    void shouldReportBadRowsWithTheirNumberAndReadTheRest() throws IOException {
        read(HEADER + "r1,Body A,school,,,answered,yes,no,,,\n"
                + ",Body B,other,,,answered,no,no,,,\n"
                + "r3,Body C,police_force,,01/02/2024,answered,no,no,,,\n"
                + "r4,Body D,police_force,,,answered,maybe,no,,,\n"
                + "r5,Body E,nhs_trust,,,not held,no,no,,,\n", ColumnMapping.canonical());

        assertThat(responses).extracting(FoiResponse::getRequestId).containsExactly("r5");
        assertThat(responses.getFirst().getOutcome()).isEqualTo(FoiOutcome.not_held);
        assertThat(problems).extracting(FoiCsvReader.Problem::position).containsExactly("row 2", "row 3", "row 4", "row 5");
        assertThat(problems.get(0).reason()).contains("body_type").contains("'school'").contains("secondary_school");
        assertThat(problems.get(1).reason()).contains("request_id is empty");
        assertThat(problems.get(2).reason()).contains("01/02/2024");
        assertThat(problems.get(3).reason()).contains("maybe");
    }

    @Test
    void shouldReportATableInAnUnknownLayoutOnce() throws IOException {
        read("Ref,Authority,Answer\n1,Anytown,Y\n", ColumnMapping.canonical());

        assertThat(responses).isEmpty();
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.position()).isNull();
            assertThat(problem.reason()).contains("request_id").contains("column mapping");
        });
    }

    @Test
    void shouldReadAnotherLayoutThroughAColumnMapping() throws IOException {
        Path mappingFile = Files.writeString(dir.resolve("mapping.json"), """
                {"columns": {"request_id": "Ref", "body_name": "Authority", "body_type": "Type", "outcome": "Status",
                             "hikvision": "Uses Hikvision", "dahua": "Uses Dahua", "response_date": "Replied"},
                 "values": {"outcome": {"Responded": "answered", "Withheld": "refused"},
                            "hikvision": {"Y": "yes", "N": "no"}, "dahua": {"Y": "yes", "N": "no"},
                            "body_type": {"Police": "police_force"}},
                 "dateFormat": "dd/MM/yyyy"}
                """);

        read("Ref,Authority,Type,Status,Uses Hikvision,Uses Dahua,Replied\nP7,Northshire Police,Police,Responded,Y,N,05/06/2024\n",
                ColumnMapping.read(mappingFile));

        assertThat(problems).isEmpty();
        assertThat(responses).singleElement().satisfies(response -> {
            assertThat(response.getBodyType()).isEqualTo(BodyType.police_force);
            assertThat(response.getOutcome()).isEqualTo(FoiOutcome.answered);
            assertThat(response.getHikvision()).isEqualTo(FoiAnswer.yes);
            assertThat(response.getDahua()).isEqualTo(FoiAnswer.no);
            assertThat(response.getResponseDate()).isEqualTo(LocalDate.of(2024, 6, 5));
        });
    }

    @Test
    void shouldKeepLatin1TextReadable() throws IOException {
        byte[] latin1 = (HEADER + "r9,Ysgol Gyfun Gŵyr Café,secondary_school,Wales,,answered,no,yes,,,\n")
                .replace("ŵ", "w").getBytes(Charset.forName("ISO-8859-1"));

        read(latin1, ColumnMapping.canonical());

        assertThat(responses).singleElement().extracting(FoiResponse::getBodyName).isEqualTo("Ysgol Gyfun Gwyr Café");
    }
}
