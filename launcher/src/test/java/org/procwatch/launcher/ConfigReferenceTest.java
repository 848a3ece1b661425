package org.procwatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.procwatch.launcher.config.ConfigReference;

/** docs/configuration.md is what the options define; rewrite it with {@code -Dprocwatch.update-golden=true} after a change. */
class ConfigReferenceTest {

    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

    @Test
    void shouldMatchTheOptionsOfEveryApp() throws IOException {
        String generated = ConfigReference.markdown(Main.commandLine());
        if (Boolean.getBoolean("procwatch.update-golden")) {
            Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
        }
        assertThat(generated).contains("`PROCWATCH_BOOTSTRAP_SERVERS`", "`PROCWATCH_JDBC_URL`", "## `procwatch ingest poll`");
        assertThat(generated).as("%s is out of date; rerun with -Dprocwatch.update-golden=true", REFERENCE)
                .isEqualTo(Files.readString(REFERENCE, StandardCharsets.UTF_8));
    }
}
