package org.procwatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.procwatch.launcher.config.Settings;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * docker-compose.yml as Docker Compose reads it (anchors and merge keys resolved): every app's settings are
 * settings of its command, every service is checked for health, and every app waits for what it needs to be
 * healthy (or, for one-shot set-up, done) before it starts.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");
    private static final Path ENV_EXAMPLE = Path.of("..", ".env.example");
    private static final Path KAFKA_SETTINGS = Path.of("..", "deploy", "kafka", "server.properties");
    private static final Path KAFKA_START = Path.of("..", "deploy", "kafka", "start.sh");

    private static Map<String, Map<String, Object>> services;
    private static String composeText;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        composeText = Files.readString(COMPOSE);
        Map<String, Object> compose = new Yaml().load(composeText);
        services = new LinkedHashMap<>((Map<String, Map<String, Object>>) compose.get("services"));
    }

    @Test
    void shouldGiveEachAppOnlySettingsItsCommandHas() {
        List<String> apps = appServices();
        assertThat(apps).contains("setup", "ingest-files", "ingest", "enrich", "sink");
        CommandLine top = Main.commandLine();
        for (String app : apps) {
            CommandSpec command = commandOf(top, command(app));
            Set<String> known = new HashSet<>();
            Settings.keys(command).forEach(key -> known.add(Settings.environmentVariable(key)));
            for (String variable : environment(app).keySet()) {
                assertThat(variable).as("service %s: an app reads PROCWATCH_* variables only", app).startsWith(Settings.ENV_PREFIX);
                assertThat(known).as("service %s sets %s, which `procwatch %s` does not have", app, variable, String.join(" ", command(app)))
                        .contains(variable);
            }
        }
    }

    @Test
    void shouldGiveTheRequiredSettingsOfEveryApp() {
        CommandLine top = Main.commandLine();
        for (String app : appServices()) {
            CommandSpec command = commandOf(top, command(app));
            for (var option : command.options()) {
                if (option.required() && Settings.isSetting(option)) {
                    assertThat(environment(app)).as("service %s needs %s", app, option.longestName())
                            .containsKey(Settings.environmentVariable(Settings.key(option)));
                }
            }
        }
    }

    @Test
    void shouldCheckTheHealthOfEveryLongRunningService() {
        for (var service : services.entrySet()) {
            Map<String, Object> healthcheck = map(service.getValue().get("healthcheck"));
            if (isOneShot(service.getKey())) {
                assertThat(healthcheck.get("disable")).as("%s exits when done; others wait for that", service.getKey()).isEqualTo(true);
            } else {
                assertThat(healthcheck.get("test")).as("service %s has a healthcheck", service.getKey()).isNotNull();
            }
        }
    }

    @Test
    void shouldStartEachServiceOnlyWhenWhatItNeedsIsHealthyOrDone() {
        for (var service : services.entrySet()) {
            Map<String, Object> dependencies = map(service.getValue().get("depends_on"));
            for (var dependency : dependencies.entrySet()) {
                String condition = String.valueOf(map(dependency.getValue()).get("condition"));
                String expected = isOneShot(dependency.getKey()) ? "service_completed_successfully" : "service_healthy";
                assertThat(condition).as("%s waits for %s", service.getKey(), dependency.getKey()).isEqualTo(expected);
            }
        }
        assertThat(dependsOnTransitively("sink")).contains("setup", "setup-database", "kafka", "registry", "postgres");
        for (String app : List.of("ingest", "ingest-files", "enrich")) {
            assertThat(dependsOnTransitively(app)).contains("setup", "kafka", "registry");
        }
    }

    @Test
    void shouldKeepStateInNamedVolumesAndRestartAfterAFailure() {
        assertThat(volumes("kafka")).anyMatch(volume -> volume.startsWith("kafka-data:"));
        assertThat(volumes("postgres")).anyMatch(volume -> volume.startsWith("postgres-data:"));
        for (var service : services.entrySet()) {
            assertThat(service.getValue().get("restart")).as("restart policy of %s", service.getKey())
                    .isIn(isOneShot(service.getKey()) ? List.of("on-failure") : List.of("unless-stopped", "always"));
        }
    }

    @Test
    void shouldListInEnvExampleEveryVariableTheComposeFileReads() throws IOException {
        Set<String> example = new HashSet<>();
        for (String line : Files.readAllLines(ENV_EXAMPLE)) {
            if (line.contains("=") && !line.startsWith("#")) {
                example.add(line.substring(0, line.indexOf('=')).trim());
            }
        }
        Matcher variable = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(composeText);
        while (variable.find()) {
            assertThat(example).as(".env.example lists %s", variable.group(1)).contains(variable.group(1));
        }
    }

    @Test
    void shouldPublishEveryPortOnThisMachineOnly() {
        int published = 0;
        for (var service : services.entrySet()) {
            for (Object port : (List<?>) service.getValue().getOrDefault("ports", List.of())) {
                published++;
                if (port instanceof Map<?, ?> longSyntax) {
                    assertThat(longSyntax.get("host_ip")).as("%s publishes %s", service.getKey(), port).isEqualTo("127.0.0.1");
                } else {
                    // Without an address Docker publishes on every interface, and its rules go around the host's firewall.
                    assertThat(String.valueOf(port)).as("%s publishes %s", service.getKey(), port).startsWith("127.0.0.1:");
                }
            }
        }
        assertThat(published).as("the file still publishes the API, Kafka, the registry, PostgreSQL and the UI").isEqualTo(5);
    }

    @Test
    void shouldPublishOnlyAReadOnlyReplicaOfTheRegistry() {
        assertThat(services.get("registry")).as("the registry the apps write to").doesNotContainKey("ports");
        assertThat(environment("setup")).containsEntry("PROCWATCH_SCHEMA_REGISTRY_URL", "http://registry:8080/apis/ccompat/v7");
        Map<String, Object> host = environment("registry-host");
        assertThat(host).containsEntry("APICURIO_STORAGE_READ_ONLY_ENABLED", "true").containsEntry("APICURIO_CONFIG_DYNAMIC_ALLOW_ALL", "false")
                .as("the same storage as the registry").containsEntry("APICURIO_STORAGE_KIND", "kafkasql")
                .containsEntry("APICURIO_KAFKASQL_BOOTSTRAP_SERVERS", environment("registry").get("APICURIO_KAFKASQL_BOOTSTRAP_SERVERS"));
        assertThat(String.valueOf(((List<?>) services.get("registry-host").get("ports")).getFirst())).endsWith(":8080");
    }

    @Test
    void shouldAskEveryKafkaClientForALoginAndTheHostsOverTls() throws IOException {
        Properties broker = new Properties();
        try (var in = Files.newBufferedReader(KAFKA_SETTINGS)) {
            broker.load(in);
        }
        Map<String, String> protocols = new LinkedHashMap<>();
        for (String listener : broker.getProperty("listener.security.protocol.map").split(",")) {
            protocols.put(listener.substring(0, listener.indexOf(':')), listener.substring(listener.indexOf(':') + 1));
        }
        assertThat(protocols).as("the listener published on the host").containsEntry("EXTERNAL", "SASL_SSL")
                .as("the compose network's").containsEntry("INTERNAL", "SASL_PLAINTEXT");
        for (String listener : broker.getProperty("listeners").split(",")) {
            String name = listener.substring(0, listener.indexOf(':'));
            if (protocols.get(name).equals("PLAINTEXT")) {
                assertThat(listener).as("a listener without a login is the container's own").contains("://localhost:");
            }
        }
        assertThat(broker.getProperty("allow.everyone.if.no.acl.found")).isEqualTo("false");
        assertThat(Files.readString(KAFKA_START)).as("start.sh gives EXTERNAL its key")
                .contains("listener.name.external.ssl.keystore.location", "keytool -genkeypair");
        assertThat(mountedSecrets("kafka")).contains("kafka_tls_password");
        assertThat(volumes("kafka")).as("the key kept across restarts").anyMatch(volume -> volume.startsWith("kafka-tls:/etc/kafka/secrets"));
    }

    @Test
    void shouldGiveNoPasswordOrSecretInEnvExample() throws IOException {
        for (String line : Files.readAllLines(ENV_EXAMPLE)) {
            if (line.contains("=") && !line.startsWith("#")) {
                String name = line.substring(0, line.indexOf('='));
                boolean namesAPlace = name.endsWith("_DIR") || name.endsWith("_FILE");
                if ((name.contains("PASSWORD") || name.contains("SECRET") || name.contains("TOKEN")) && !namesAPlace) {
                    assertThat(line.substring(line.indexOf('=') + 1)).as("%s: a copied example must not leave a known password", name).isEmpty();
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldKeepEveryPasswordInASecretFileMountedWhereItIsNamed() {
        Map<String, Object> declared = map(new Yaml().<Map<String, Object>>load(composeText).get("secrets"));
        assertThat(declared).containsOnlyKeys("postgres_password", "sink_db_password", "analyst_db_password", "kafka_admin_password",
                "kafka_ingest_password", "kafka_enrich_password", "kafka_sink_password", "kafka_registry_password", "kafka_reader_password",
                "kafka_ui_password", "kafka_tls_password", "kafka_ui_login_password");
        for (var service : services.entrySet()) {
            List<String> mounted = mountedSecrets(service.getKey());
            assertThat(declared.keySet()).as("%s mounts secrets the file declares", service.getKey()).containsAll(mounted);
            for (var variable : environment(service.getKey()).entrySet()) {
                String name = variable.getKey();
                String value = String.valueOf(variable.getValue());
                // A client that takes no password file is given the secret's path for Kafka's DirectoryConfigProvider to read.
                Matcher fromFile = Pattern.compile("password=\"\\\\\\$\\$\\{dir:/run/secrets:([a-z_]+)}\"").matcher(value);
                String withoutFiles = value;
                while (fromFile.find()) {
                    assertThat(mounted).as("%s of %s reads a secret it mounts", name, service.getKey()).contains(fromFile.group(1));
                    withoutFiles = withoutFiles.replace(fromFile.group(), "");
                }
                assertThat(withoutFiles.toLowerCase(java.util.Locale.ROOT)).as("%s of %s: no password given", name, service.getKey())
                        .doesNotContain("password=");
                if (name.contains("PASSWORD") || name.contains("SECRET")) {
                    assertThat(name).as("%s of %s: a password is named by its file, never given", name, service.getKey()).endsWith("_FILE");
                    assertThat(value).as("%s of %s names a secret it mounts", name, service.getKey())
                            .isIn(mounted.stream().map(secret -> "/run/secrets/" + secret).toList());
                }
            }
        }
        assertThat(environment("sink").get("PROCWATCH_JDBC_URL")).asString().contains("user=procwatch_sink");
        assertThat(mountedSecrets("sink")).as("the sink sees its own passwords only")
                .containsExactlyInAnyOrder("sink_db_password", "kafka_sink_password");
        for (String app : appServices()) {
            Object user = environment(app).get("PROCWATCH_KAFKA_USER");
            if (!app.startsWith("setup")) {
                assertThat(user).as("%s logs in to Kafka as a stage's user, not the admin", app).asString().startsWith("procwatch-");
            }
        }
    }

    /** The secrets a service mounts, by name: a plain name, or the source of one mounted under another file name. */
    private static List<String> mountedSecrets(String service) {
        return ((List<?>) services.get(service).getOrDefault("secrets", List.of())).stream()
                .map(secret -> secret instanceof Map<?, ?> longSyntax ? String.valueOf(longSyntax.get("source")) : String.valueOf(secret))
                .toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldAskForALoginOnEveryPublishedPageButTheApisOwn() {
        Map<String, Object> ui = environment("kafka-ui");
        assertThat(ui).containsEntry("AUTH_TYPE", "LOGIN_FORM").doesNotContainKey("SPRING_SECURITY_USER_PASSWORD");
        assertThat(String.valueOf(ui.get("SPRING_CONFIG_IMPORT"))).startsWith("configtree:/run/secrets");
        assertThat((List<Object>) services.get("kafka-ui").get("secrets")).as("the login's password a file named as Spring's setting")
                .contains(Map.of("source", "kafka_ui_login_password", "target", "spring.security.user.password"));
    }

    private static List<String> appServices() {
        return services.entrySet().stream()
                .filter(service -> String.valueOf(service.getValue().get("image")).startsWith("procwatch:"))
                .map(Map.Entry::getKey).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> command(String service) {
        return (List<String>) services.get(service).get("command");
    }

    /** The command the service runs: its words that name subcommands. */
    private static CommandSpec commandOf(CommandLine top, List<String> words) {
        CommandLine command = top;
        for (String word : words) {
            CommandLine sub = command.getSubcommands().get(word);
            if (sub == null) {
                break;
            }
            command = sub;
        }
        assertThat(command).as("%s names a command", words).isNotSameAs(top);
        return command.getCommandSpec();
    }

    private static Map<String, Object> environment(String service) {
        return map(services.get(service).get("environment"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> volumes(String service) {
        return (List<String>) services.get(service).getOrDefault("volumes", List.of());
    }

    /** A service that does its work and exits (set-up, a first ingest): restarted only when it fails. */
    private static boolean isOneShot(String service) {
        return "on-failure".equals(services.get(service).get("restart"));
    }

    private static Set<String> dependsOnTransitively(String service) {
        Set<String> all = new HashSet<>();
        List<String> next = new ArrayList<>(map(services.get(service).get("depends_on")).keySet());
        while (!next.isEmpty()) {
            String dependency = next.removeLast();
            if (all.add(dependency)) {
                next.addAll(map(services.get(dependency).get("depends_on")).keySet());
            }
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
