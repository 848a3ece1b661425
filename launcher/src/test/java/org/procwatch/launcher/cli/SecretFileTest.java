package org.procwatch.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

class SecretFileTest {

    @TempDir
    Path folder;

    @Test
    void shouldReadTheSecretWithoutTheLineEndAnEditorLeaves() throws IOException {
        Path file = Files.writeString(folder.resolve("password"), "s3cret with spaces\r\n");
        assertThat(SecretFile.read(file, "--jdbc-password-file")).isEqualTo("s3cret with spaces");
    }

    @Test
    void shouldRefuseAnEmptyAMissingOrAnOversizedFileSayingWhich() throws IOException {
        Path empty = Files.writeString(folder.resolve("empty"), "\n");
        assertThatThrownBy(() -> SecretFile.read(empty, "--jdbc-password-file"))
                .hasMessageContaining("--jdbc-password-file").hasMessageContaining("is empty");
        assertThatThrownBy(() -> SecretFile.read(folder.resolve("absent"), "--jdbc-password-file"))
                .hasMessageContaining("cannot read --jdbc-password-file");
        Path big = Files.writeString(folder.resolve("big"), "x".repeat(5_000));
        assertThatThrownBy(() -> SecretFile.read(big, "--jdbc-password-file")).hasMessageContaining("over 4096 bytes");
    }

    @Test
    void shouldGiveTheConnectionThePasswordOfTheFileAndKeepTheUrlsUser() throws IOException {
        Path file = Files.writeString(folder.resolve("password"), "from-the-file\n");
        PGSimpleDataSource database = PostgresLogin.dataSource("jdbc:postgresql://db:5432/procwatch?user=procwatch_sink", file,
                "--jdbc-url", "--jdbc-password-file");
        assertThat(database.getUser()).isEqualTo("procwatch_sink");
        assertThat(database.getPassword()).isEqualTo("from-the-file");
        assertThat(database.getURL()).doesNotContain("from-the-file");
    }
}
