package org.procwatch.launcher.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.procwatch.ingest.source.InputSpec;
import org.procwatch.ingest.source.InputType;

/**
 * The sample data bundled for {@code ./procwatch run} (see {@code samples/README.md} among the resources),
 * written out under the data folder, where users can read them, and ingested like any {@code --input}.
 */
final class Samples {

    private static final String RESOURCES = "/org/procwatch/launcher/samples/";
    /** Watchlist and ownership first, so the releases after them are screened against both at once. */
    private static final List<Sample> FILES = List.of(
            new Sample("watchlist-additions.jsonl", InputType.WATCHLIST),
            new Sample("ownership.json", InputType.OWNERSHIP),
            new Sample("foi-responses.csv", InputType.FOI),
            new Sample("releases.jsonl", InputType.OCDS),
            new Sample("README.md", null));

    private record Sample(String name, InputType type) {
    }

    private Samples() {
    }

    /** Writes the samples into {@code folder} and returns them as inputs. */
    static List<InputSpec> writeTo(Path folder) {
        try {
            Files.createDirectories(folder);
            for (Sample sample : FILES) {
                try (InputStream in = Samples.class.getResourceAsStream(RESOURCES + sample.name)) {
                    if (in == null) {
                        throw new IllegalStateException("the launcher jar lacks the sample " + sample.name + "; rebuild it");
                    }
                    Files.copy(in, folder.resolve(sample.name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the sample data to " + folder, e);
        }
        return FILES.stream().filter(sample -> sample.type != null)
                .map(sample -> new InputSpec(folder.resolve(sample.name), Optional.of(sample.type))).toList();
    }
}
