package org.procwatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int execute(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(out, true));
        return commandLine.execute(args);
    }

    @Test
    void shouldExitWith2AndOneLineReasonForAnUnknownCommand() {
        assertThat(execute("frobnicate")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("procwatch: ").contains("frobnicate").contains("--help");
    }

    @Test
    void shouldExitWith2ForAnUnknownOptionOfRun() {
        assertThat(execute("run", "--no-such-option")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("procwatch run: ").contains("--no-such-option");
    }

    @Test
    void shouldExitWith2ForAPortThatIsNotANumber() {
        assertThat(execute("run", "--http-port", "eighty")).isEqualTo(2);
        assertThat(err.toString()).contains("eighty");
    }

    @Test
    void shouldExitWith2BeforeStartingAnythingForAMissingSubscriptionsFile(@TempDir Path folder) {
        assertThat(execute("run", "--data-dir", folder.toString(), "--subscriptions", folder.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().contains("--subscriptions", "no such file", "nope.yaml");
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void shouldExitWith2SayingWhatToFixInASubscriptionsFile(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("subscriptions.yaml"), """
                - id: desk
                  url: ftp://example.org/hook
                  secret: s
                """);
        assertThat(execute("run", "--data-dir", folder.resolve("data").toString(), "--subscriptions", file.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().contains("subscription 1 (desk)", "not an http or https URL");
    }

    @Test
    void shouldExitWith2SayingWhatAListNeedsBeforeConnectingToAnything() {
        assertThat(execute("ingest", "lists", "--source", "fcc-covered", "--bootstrap-servers", "127.0.0.1:1",
                "--schema-registry-url", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("needs --url", "Entity Name");
        assertThat(execute("ingest", "lists", "--source", "ofac", "--bootstrap-servers", "127.0.0.1:1",
                "--schema-registry-url", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("us-csl, opensanctions, uk-sanctions, fcc-covered");
        assertThat(execute("ingest", "poll", "--source", "us-csl", "--bootstrap-servers", "127.0.0.1:1",
                "--schema-registry-url", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("ingest lists --source us-csl");
        assertThat(execute("run", "--poll", "fcc-covered")).isEqualTo(2);
        assertThat(err.toString()).contains("--poll fcc-covered needs =URL");
    }

    @Test
    void shouldAskForACommandWhenGivenNone() {
        assertThat(execute()).isEqualTo(2);
        assertThat(err.toString()).contains("a command is required");
    }

    @Test
    void shouldDescribeRunInItsHelp() {
        assertThat(execute("run", "--help")).isZero();
        assertThat(out.toString()).contains("--data-dir", "--http-port", "--no-samples", "--subscriptions");
    }
}
