package org.procwatch.ingest.bods;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.OwnershipStatement;
import org.procwatch.schemas.avro.StatementKind;

class BodsReaderTest {

    private final List<OwnershipStatement> statements = new ArrayList<>();
    private final List<BodsReader.Problem> problems = new ArrayList<>();

    private void read(String document) throws IOException {
        new BodsReader().read("bods.json", new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), statements::add, problems::add);
    }

    @Test
    void shouldReadPastAStatementOverTheLimitAndReadTheNext() throws IOException {
        String identifiers = String.join(", ", java.util.Collections.nCopies(100, "{\"scheme\": \"GB-COH\", \"id\": \"01234567\"}"));
        String document = """
                {"statementID": "e1", "statementType": "entityStatement", "name": "First Ltd"}
                {"statementID": "big", "statementType": "entityStatement", "name": "Big Ltd", "identifiers": [%s]}
                {"statementID": "e2", "statementType": "entityStatement", "name": "Second Ltd"}
                """.formatted(identifiers);
        new BodsReader(2048).read("bods.jsonl", new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), statements::add,
                problems::add);

        assertThat(statements).extracting(OwnershipStatement::getStatementId).containsExactly("e1", "e2");
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.position()).isEqualTo("statement 2");
            assertThat(problem.reason()).contains("over 2,048 bytes");
        });
    }

    @Test
    void shouldReadBods02StatementsFromAnArray() throws IOException {
        read("""
                [{"statementID": "e1", "statementType": "entityStatement", "name": "Secure Vision Installations Ltd",
                  "identifiers": [{"scheme": "GB-COH", "id": "01234567"}], "statementDate": "2024-01-01"},
                 {"statementID": "e2", "statementType": "entityStatement", "name": "Dahua Technology UK Limited",
                  "identifiers": [{"scheme": "gb-coh", "id": "9876543"}]},
                 {"statementID": "r1", "statementType": "ownershipOrControlStatement",
                  "subject": {"describedByEntityStatement": "e1"},
                  "interestedParty": {"describedByEntityStatement": "e2"},
                  "interests": [{"type": "shareholding", "share": {"exact": 75}, "startDate": "2020-05-01"}]},
                 {"statementID": "p1", "statementType": "personStatement", "names": [{"fullName": "A Person"}]}]
                """);

        assertThat(problems).isEmpty();
        assertThat(statements).extracting(OwnershipStatement::getKind)
                .containsExactly(StatementKind.ENTITY, StatementKind.ENTITY, StatementKind.RELATIONSHIP, StatementKind.PERSON);
        assertThat(statements.get(0).getIdentifiers()).containsExactly(new Identifier("GB-COH", "01234567"));
        assertThat(statements.get(1).getIdentifiers()).containsExactly(new Identifier("GB-COH", "9876543"));
        OwnershipStatement relationship = statements.get(2);
        assertThat(relationship.getSubjectId()).isEqualTo("e1");
        assertThat(relationship.getInterestedPartyId()).isEqualTo("e2");
        assertThat(relationship.getInterests()).singleElement().satisfies(interest -> {
            assertThat(interest.getType()).isEqualTo("shareholding");
            assertThat(interest.getShareExact()).isEqualTo(75.0);
            assertThat(interest.getStartDate()).isEqualTo("2020-05-01");
        });
        assertThat(statements.get(3).getName()).isEqualTo("A Person");
        assertThat(relationship.getSource().getDataVersion()).isEqualTo("0.2");
        assertThat(relationship.getStatementJson()).contains("ownershipOrControlStatement");
    }

    @Test
    void shouldReadBods03RecordsFromJsonLines() throws IOException {
        read("""
                {"statementId": "s1", "recordId": "rec-lorex", "recordType": "entity", "recordDetails": {"name": "Lorex Technology Inc.", "identifiers": []}}
                {"statementId": "s2", "recordId": "rec-own", "recordType": "relationship", "recordDetails": {"subject": "rec-lorex", "interestedParty": "rec-dahua", "interests": [{"type": "shareholding", "share": {"minimum": 50, "maximum": 100}, "endDate": "2022-11-24"}]}, "publicationDetails": {"bodsVersion": "0.3"}}
                """);

        assertThat(problems).isEmpty();
        assertThat(statements.get(0).getRecordId()).isEqualTo("rec-lorex");
        assertThat(statements.get(0).getName()).isEqualTo("Lorex Technology Inc.");
        OwnershipStatement relationship = statements.get(1);
        assertThat(relationship.getSubjectId()).isEqualTo("rec-lorex");
        assertThat(relationship.getInterestedPartyId()).isEqualTo("rec-dahua");
        assertThat(relationship.getInterests().getFirst().getShareMinimum()).isEqualTo(50.0);
        assertThat(relationship.getInterests().getFirst().getEndDate()).isEqualTo("2022-11-24");
        assertThat(relationship.getSource().getDataVersion()).isEqualTo("0.3");
    }

    @Test
    void shouldReportBadStatementsAndReadTheRest() throws IOException {
        read("""
                [{"statementType": "entityStatement", "name": "No id"},
                 {"statementID": "x", "statementType": "companyStatement"},
                 {"statementID": "r", "statementType": "ownershipOrControlStatement", "interestedParty": {"describedByPersonStatement": "p"}},
                 "text",
                 {"statementID": "ok", "statementType": "entityStatement", "name": "Fine Ltd"}]
                """);

        assertThat(statements).extracting(OwnershipStatement::getStatementId).containsExactly("ok");
        assertThat(problems).extracting(BodsReader.Problem::position).containsExactly("[0]", "[1]", "[2]", "[3]");
        assertThat(problems.get(1).reason()).contains("companyStatement");
        assertThat(problems.get(2).reason()).contains("no subject");
    }

    @Test
    void shouldSayWhereADocumentBreaksOff() throws IOException {
        read("[{\"statementID\": \"a\", \"statementType\": \"entityStatement\", \"name\": \"A\"},\n{\"statementID\": \"b\", \"sta");

        assertThat(statements).hasSize(1);
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.position()).isEqualTo("line 2");
            assertThat(problem.reason()).contains("breaks off");
        });
    }
}
