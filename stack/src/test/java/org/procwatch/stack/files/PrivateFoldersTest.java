package org.procwatch.stack.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFoldersTest {

    @TempDir
    Path temp;

    @Test
    void shouldMakeEachNewFolderOwnerOnlyAndLeaveExistingOnesAlone() throws Exception {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path state = temp.resolve("data").resolve("kafka");

        assertThat(PrivateFolders.create(state)).isEqualTo(state);
        PrivateFolders.create(state); // again: nothing to do

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp))).as("an existing folder").isEqualTo("rwxr-xr-x");
    }
}
