package org.procwatch.stack.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A password the local stack made for itself, kept in a file only its owner may read (0600, in an 0700 folder), so
 * that a restart finds the same one and no other local user can.
 */
public final class PasswordFile {

    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordFile() {
    }

    /** The file's password, made (24 random bytes, as hex) when the file is new. */
    public static String readOrCreate(Path file) throws IOException {
        PrivateFolders.create(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            String password = HexFormat.of().formatHex(bytes);
            try {
                Path created = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                        ? Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                        : Files.createFile(file);
                Files.writeString(created, password, StandardCharsets.US_ASCII);
                return password;
            } catch (FileAlreadyExistsException e) {
                // made meanwhile by another start on this folder: read it below
            }
        }
        String password = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (password.isEmpty()) {
            throw new IOException(file + " is empty: delete it and start again to make a new password");
        }
        return password;
    }
}
