package org.procwatch.launcher.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MatchCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private List<JsonNode> match(String stdin, String... args) throws Exception {
        MatchCommand command = new MatchCommand();
        command.input = new StringReader(stdin);
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute(args)).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void shouldAnswerEachNameWithTheContractFields() throws Exception {
        List<JsonNode> answers = match("Hikvision UK Ltd\nAnytown Borough Council\n");

        assertThat(answers).hasSize(2);
        JsonNode first = answers.getFirst().get("matches").get(0);
        assertThat(answers.getFirst().get("input").asText()).isEqualTo("Hikvision UK Ltd");
        assertThat(first.get("entityId").asText()).isEqualTo("hikvision-uk");
        assertThat(first.get("entityName").asText()).isEqualTo("Hikvision UK Limited");
        assertThat(first.get("listedEntity").asText()).isEqualTo("Hangzhou Hikvision Digital Technology Co., Ltd.");
        assertThat(first.get("relation").asText()).isEqualTo("subsidiary");
        assertThat(first.get("lists")).isNotEmpty();
        assertThat(first.get("score").asDouble()).isBetween(0.8, 1.0);
        assertThat(first.get("evidence").asText()).isNotBlank();
        assertThat(answers.get(1).get("matches")).isEmpty();
    }

    @Test
    void shouldFindProductCodesInTextWithTextFlag() throws Exception {
        List<JsonNode> answers = match("Supply of NVR DS-7608NI-K2\n", "--text");

        assertThat(answers.getFirst().get("matches").get(0).get("listedEntity").asText()).contains("Hikvision");
    }

    @Test
    void shouldAddAndOverrideEntitiesFromAUsersWatchlist() throws Exception {
        Path mine = Files.writeString(dir.resolve("mine.jsonl"), """
                {"id": "acme-cctv", "name": "Acme Surveillance Wholesale Ltd", "relation": "distributor", "parentId": "dahua", "sources": ["https://example.org/acme"]}
                {"id": "broken", "name": "No relation"}
                """);

        List<JsonNode> answers = match("Acme Surveillance Wholesale Limited\n", "--watchlist", mine.toString());

        assertThat(answers.getFirst().get("matches").get(0).get("entityId").asText()).isEqualTo("acme-cctv");
        assertThat(err.toString()).contains("mine.jsonl line 2").contains("relation");
    }
}
