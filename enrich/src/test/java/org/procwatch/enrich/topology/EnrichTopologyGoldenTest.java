package org.procwatch.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.procwatch.enrich.ocds.ExtensionSchemas;
import org.procwatch.schemas.registry.InMemorySchemaRegistry;

/**
 * The topology, node by node, as {@code describe()} prints it: a change to a processor, store or internal
 * topic name shows up here first, because renaming one loses its state or strands its topic in a running
 * deployment. After a deliberate change, rewrite the file with {@code -Dprocwatch.update-golden=true}.
 */
class EnrichTopologyGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/topology/enrich-topology.txt");

    @Test
    void shouldKeepTheTopologyAsDescribedInTheGoldenFile() throws IOException {
        EnrichSettings settings = new EnrichSettings("procwatch-enrich", "localhost:9092", Path.of("unused"), Duration.ofSeconds(2),
                ExtensionSchemas.none(), Map.of());
        String described = EnrichTopology.build(EnrichTopics.standard(), new InMemorySchemaRegistry(), settings).describe().toString();
        if (Boolean.getBoolean("procwatch.update-golden")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, described, StandardCharsets.UTF_8);
        }
        assertThat(GOLDEN).as("the golden file; create it with -Dprocwatch.update-golden=true").exists();
        assertThat(described)
                .as("the topology differs from %s; if the change is deliberate, rerun with -Dprocwatch.update-golden=true", GOLDEN)
                .isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }
}
