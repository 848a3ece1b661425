package org.procwatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.launcher.config.ConfigFile;
import org.procwatch.launcher.config.LayeredDefaults;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Settings from the command line, the environment, the config file and the options' defaults, in that order. */
class LayeredConfigurationTest {

    @TempDir
    Path folder;

    private final StringWriter err = new StringWriter();

    @Test
    void shouldTakeEachSettingFromTheHighestLayerThatHasIt() throws IOException {
        Path file = Files.writeString(folder.resolve("procwatch.yaml"), """
                bootstrap-servers: file-kafka:9092
                schema-registry-url: http://file-registry:8080/apis/ccompat/v7
                group-id: from-file
                sink:
                  jdbc-url: jdbc:postgresql://file-db/procwatch
                  schema: analysts
                """);
        Map<String, String> environment = Map.of("PROCWATCH_BOOTSTRAP_SERVERS", "env-kafka:9092", "PROCWATCH_SCHEMA", "from_env");
        ParseResult parsed = parse(environment, ConfigFile.read(file), "sink", "--schema", "from_option");

        CommandLine.Model.CommandSpec sink = parsed.subcommand().commandSpec();
        assertThat(value(sink, "--bootstrap-servers")).as("environment over file").isEqualTo("env-kafka:9092");
        assertThat(value(sink, "--schema-registry-url")).as("file, at the top").isEqualTo("http://file-registry:8080/apis/ccompat/v7");
        assertThat(value(sink, "--jdbc-url")).as("file, in the command's section").isEqualTo("jdbc:postgresql://file-db/procwatch");
        assertThat(value(sink, "--schema")).as("option over all").isEqualTo("from_option");
        assertThat(value(sink, "--group-id")).isEqualTo("from-file");
    }

    @Test
    void shouldFallBackToTheOptionsOwnDefault() {
        ParseResult parsed = parse(Map.of("PROCWATCH_JDBC_URL", "jdbc:postgresql://db/procwatch", "PROCWATCH_BOOTSTRAP_SERVERS", "k:9092",
                "PROCWATCH_SCHEMA_REGISTRY_URL", "http://r"), ConfigFile.none(), "sink");
        assertThat(value(parsed.subcommand().commandSpec(), "--group-id")).isEqualTo("procwatch-sink");
        assertThat(value(parsed.subcommand().commandSpec(), "--schema")).isEqualTo("public");
    }

    @Test
    void shouldRefuseAnUnknownKeyInTheConfigFileNamingIt() throws IOException {
        Path file = Files.writeString(folder.resolve("procwatch.yaml"), """
                sink:
                  jdbc-ulr: jdbc:postgresql://db/procwatch
                """);
        assertThat(Main.execute(new String[] {"sink", "--config", file.toString()}, Map.of(), err())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown setting 'jdbc-ulr' in section sink", "jdbc-url");
    }

    @Test
    void shouldRefuseASectionThatNamesNoCommand() throws IOException {
        Path file = Files.writeString(folder.resolve("procwatch.yaml"), """
                sinks:
                  jdbc-url: jdbc:postgresql://db/procwatch
                """);
        assertThat(Main.execute(new String[] {"sink", "--config", file.toString()}, Map.of(), err())).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().contains("unknown setting 'sinks'", "or a section: ", "sink");
    }

    @Test
    void shouldRefuseAnUnknownProcwatchEnvironmentVariable() {
        assertThat(Main.execute(new String[] {"sink"}, Map.of("PROCWATCH_BOOTSTRAP_SERVER", "kafka:9092"), err())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown environment variable PROCWATCH_BOOTSTRAP_SERVER", "PROCWATCH_BOOTSTRAP_SERVERS");
    }

    @Test
    void shouldRefuseAKeyGivenTwiceInTheConfigFile() throws IOException {
        Path file = Files.writeString(folder.resolve("procwatch.yaml"), """
                bootstrap-servers: a:9092
                bootstrap-servers: b:9092
                """);
        assertThat(Main.execute(new String[] {"sink"}, Map.of("PROCWATCH_CONFIG", file.toString()), err())).isEqualTo(2);
        assertThat(err.toString()).contains("procwatch.yaml", "bootstrap-servers");
    }

    @Test
    void shouldRefuseSettingsThatConflictWhicheverLayersTheyComeFrom() {
        assertThat(Main.execute(new String[] {"ingest", "poll", "--source", "contracts-finder", "--from", "2024-01-01", "--to", "2024-02-01",
                "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1"}, Map.of("PROCWATCH_FOLLOW", "true"), err()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--to and --follow conflict");
    }

    @Test
    void shouldRefuseAnEndBeforeTheStartBeforeConnectingToAnything() {
        assertThat(Main.execute(new String[] {"ingest", "poll", "--source", "contracts-finder", "--from", "2024-02-01", "--to", "2024-01-01",
                "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1"}, Map.of(), err()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("must come after the start");
    }

    @Test
    void shouldAskForTheFirstDayOfAnOcdsHarvestButNotOfWhatDoTheyKnowsBeforeConnecting() {
        assertThat(Main.execute(new String[] {"ingest", "poll", "--source", "find-a-tender",
                "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1"}, Map.of(), err())).isEqualTo(2);
        assertThat(err.toString()).contains("needs --from");
    }

    @Test
    void shouldRefuseWhatDoTheyKnowsOptionsForAnotherSource() {
        assertThat(Main.execute(new String[] {"ingest", "poll", "--source", "contracts-finder", "--from", "2024-01-01", "--query", "cctv",
                "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1"}, Map.of(), err())).isEqualTo(2);
        assertThat(err.toString()).contains("--query and --contact are for --source whatdotheyknow only");
    }

    @Test
    void shouldRefuseAPollOfASourceThereIsNot() {
        assertThat(Main.execute(new String[] {"run", "--poll", "whatdoesheknow"}, Map.of(), err())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a source", "whatdotheyknow");
    }

    @Test
    void shouldSayWhichSettingIsMissingAndHowToGiveIt() {
        assertThat(Main.execute(new String[] {"sink", "--bootstrap-servers", "k:9092", "--schema-registry-url", "http://r"}, Map.of(), err()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--jdbc-url");
    }

    @Test
    void shouldPassTheKafkaConfigFileToEveryClientWithTheBootstrapServersOnTop() throws IOException {
        Path kafka = Files.writeString(folder.resolve("kafka.properties"), """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                bootstrap.servers=ignored:1
                """);
        ParseResult parsed = parse(Map.of("PROCWATCH_KAFKA_CONFIG", kafka.toString()), ConfigFile.none(),
                "setup", "--bootstrap-servers", "broker:9093", "--schema-registry-url", "http://r");
        var services = ((org.procwatch.launcher.setup.SetupCommand) parsed.subcommand().commandSpec().userObject()).services();
        assertThat(services.kafkaClient()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("bootstrap.servers", "broker:9093");
    }

    private PrintWriter err() {
        return new PrintWriter(err, true);
    }

    private static ParseResult parse(Map<String, String> environment, ConfigFile file, String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setDefaultValueProvider(new LayeredDefaults(environment, file));
        return commandLine.parseArgs(args);
    }

    private static String value(CommandLine.Model.CommandSpec command, String option) {
        Object value = command.findOption(option).getValue();
        return value == null ? null : value.toString();
    }
}
