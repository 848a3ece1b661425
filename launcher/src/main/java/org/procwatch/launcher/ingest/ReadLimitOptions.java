package org.procwatch.launcher.ingest;

import org.procwatch.ingest.kafka.ReleaseIngest;
import org.procwatch.ingest.source.ReadLimits;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The caps on what a file may make ingest hold or read, as options; the defaults are beyond any real feed. */
final class ReadLimitOptions {

    private static final long MB = 1024 * 1024;

    @Option(names = "--max-release-size", paramLabel = "MB", defaultValue = "16",
            description = "Releases, ownership statements and official lists' entries larger than this go to the dead-letter "
                    + "topic (default: ${DEFAULT-VALUE} MB).")
    int maxReleaseMegabytes;

    @Option(names = "--max-line-size", paramLabel = "MB", defaultValue = "256",
            description = "A line of JSON Lines longer than this is read past and goes to the dead-letter topic, "
                    + "the lines after it read on (default: ${DEFAULT-VALUE} MB).")
    int maxLineMegabytes;

    @Option(names = "--max-table-size", paramLabel = "MB", defaultValue = "256",
            description = "An FOI table or watchlist file is read up to this size; a dead letter tells where it stopped "
                    + "(default: ${DEFAULT-VALUE} MB).")
    long maxTableMegabytes;

    @Option(names = "--max-decompressed-size", paramLabel = "GB", defaultValue = "64",
            description = "A gzipped file is read until it has decompressed to this much; a dead letter tells where it "
                    + "stopped (default: ${DEFAULT-VALUE} GB).")
    long maxDecompressedGigabytes;

    /** The limits given, or an error naming the option out of its range. */
    ReadLimits limits(CommandLine commandLine) {
        int largestRelease = (int) (ReleaseIngest.largestAllowed() / MB);
        if (maxReleaseMegabytes < 1 || maxReleaseMegabytes > largestRelease) {
            throw new CommandLine.ParameterException(commandLine,
                    "--max-release-size must be between 1 and " + largestRelease + " (MB), the most a record on the release topic holds");
        }
        if (maxLineMegabytes < 1 || maxLineMegabytes > 2047) {
            throw new CommandLine.ParameterException(commandLine, "--max-line-size must be between 1 and 2047 (MB)");
        }
        if (maxTableMegabytes < 1 || maxDecompressedGigabytes < 1) {
            throw new CommandLine.ParameterException(commandLine, "--max-table-size and --max-decompressed-size must be at least 1");
        }
        return new ReadLimits((int) (maxLineMegabytes * MB), (int) (maxReleaseMegabytes * MB), maxTableMegabytes * MB,
                maxDecompressedGigabytes * 1024 * MB);
    }
}
