package org.procwatch.launcher.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A benchmark's temporary folder (its generated releases, its stack), deleted with all it holds when closed. */
final class WorkFolder implements AutoCloseable {

    private final Path path;

    private WorkFolder(Path path) {
        this.path = path;
    }

    static WorkFolder create(String prefix) throws IOException {
        return new WorkFolder(Files.createTempDirectory(prefix));
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
