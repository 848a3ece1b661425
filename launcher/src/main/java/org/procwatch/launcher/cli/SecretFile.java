package org.procwatch.launcher.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A secret kept in a file of its own (a Docker or Kubernetes secret, a file only its owner reads), so that it stays
 * out of the command line, the environment and every URL, which process lists, {@code docker inspect} and logs show.
 */
public final class SecretFile {

    /** Longer than any password or token; a bigger file is not a secret file. */
    private static final long MAX_BYTES = 4_096;

    private SecretFile() {
    }

    /**
     * The file's text without the line end an editor or {@code echo} leaves.
     *
     * @param option the option that named it, for the message
     * @throws IllegalArgumentException saying what is wrong with the file
     */
    public static String read(Path file, String option) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(option + " " + file + " is over " + MAX_BYTES + " bytes: it should hold the secret alone");
            }
            String secret = Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
            if (secret.isEmpty()) {
                throw new IllegalArgumentException(option + " " + file + " is empty: put the secret in it (e.g. openssl rand -hex 24 > " + file + ")");
            }
            return secret;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + option + " " + file + ": " + e.getMessage(), e);
        }
    }
}
