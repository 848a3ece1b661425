package org.procwatch.launcher.ingest;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./procwatch ingest ...}: the ingest stage alone, against external Kafka and schema registry. */
@Command(name = "ingest", mixinStandardHelpOptions = true, subcommands = {IngestFilesCommand.class, IngestPollCommand.class,
        IngestListsCommand.class},
        description = "Runs the ingest stage against an external Kafka and schema registry.")
public final class IngestCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: files or poll");
    }
}
