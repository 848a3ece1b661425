package org.procwatch.launcher.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.procwatch.ingest.file.FileIngest;
import org.procwatch.ingest.foi.ColumnMapping;
import org.procwatch.ingest.kafka.IngestTopics;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.source.InputSpec;
import org.procwatch.ingest.source.ReadLimits;
import org.procwatch.launcher.cli.ExternalServices;
import org.procwatch.launcher.console.ProgressDisplay;
import org.procwatch.schemas.watchlist.WatchlistFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./procwatch ingest files [TYPE:]PATH...}: files and folders into Kafka, each record once, bad input
 * to the dead-letter topic; the bundled watchlist too, unless told not to.
 */
@Command(name = "files", mixinStandardHelpOptions = true,
        description = "Ingests files and folders (OCDS, FOI tables, watchlists, BODS ownership statements; the type is told "
                + "from the content, or forced with TYPE:PATH) into Kafka.")
public final class IngestFilesCommand implements Callable<Integer> {

    /** Looked up when first used: picocli makes every command to build the command line, and logging takes a while to set up. */
    private static Logger log() {
        return LoggerFactory.getLogger(IngestFilesCommand.class);
    }

    @Parameters(arity = "1..*", paramLabel = "[TYPE:]PATH", description = "TYPE is one of ocds, foi, watchlist, ownership.")
    List<String> inputs;

    @Mixin
    ExternalServices services;

    @Option(names = "--foi-mapping", paramLabel = "FILE", description = "A column mapping file for FOI tables in another layout.")
    Path foiMapping;

    @Option(names = "--transactional-id", defaultValue = "procwatch-ingest-files",
            description = "Identifies this ingest across restarts; give each ingest running at the same time its own (default: ${DEFAULT-VALUE}).")
    String transactionalId;

    @Mixin
    ReadLimitOptions readLimits;

    @Option(names = "--no-bundled-watchlist", description = "Do not ingest the bundled watchlist.")
    boolean noBundledWatchlist;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<InputSpec> specs;
        try {
            specs = inputs.stream().map(InputSpec::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        for (InputSpec input : specs) {
            if (!input.path().toFile().exists()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file or folder: " + input.path());
            }
        }
        ReadLimits limits = readLimits.limits(spec.commandLine());
        ColumnMapping mapping = foiMapping == null ? ColumnMapping.canonical() : ColumnMapping.read(foiMapping);
        try (IngestWriter writer = new IngestWriter(services.kafkaClient(), services.schemaRegistry(), IngestTopics.standard(),
                transactionalId)) {
            FileIngest ingest = new FileIngest(writer, mapping, ProgressDisplay.forIngest(), limits);
            if (!noBundledWatchlist) {
                ingest.ingestWatchlist(WatchlistFile.bundled(), "bundled watchlist");
            }
            ingest.ingest(specs);
            log().info("Ingested {} new records; {} already ingested; {} rejected to the dead-letter topic",
                    writer.produced(), writer.skipped(), writer.deadLetters());
        }
        return 0;
    }
}
