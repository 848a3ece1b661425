package org.procwatch.stack.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Folders of data only their owner may enter (0700): the broker's log, PostgreSQL's files, the registry's, the
 * apps' state. Left to the default umask they are readable by every local user, who could read the topics' data,
 * the webhook secrets copied into the configuration, or PostgreSQL's files around its authentication.
 */
public final class PrivateFolders {

    private PrivateFolders() {
    }

    /**
     * Creates the folder and any missing parents, each newly made owner-only (an existing one is left as it is: it may
     * be a home or a mount); where the file system has no POSIX permissions, as plain folders.
     */
    public static Path create(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return folder;
        }
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createDirectories(folder);
        }
        return Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
}
