package org.procwatch.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Properties files as a test hands them to an app, e.g. a {@code --kafka-config}. */
final class PropertiesFiles {

    private PropertiesFiles() {
    }

    static Path write(Path file, Map<String, String> values) throws IOException {
        Properties properties = new Properties();
        properties.putAll(values);
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, null);
        }
        return file;
    }
}
