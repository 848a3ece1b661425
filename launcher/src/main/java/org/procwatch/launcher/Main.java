package org.procwatch.launcher;

import org.procwatch.launcher.bench.GenerateCommand;
import org.procwatch.launcher.bench.IngestBenchCommand;
import org.procwatch.launcher.bench.MatchBenchCommand;
import org.procwatch.launcher.compile.CompileCommand;
import org.procwatch.launcher.enrich.EnrichCommand;
import org.procwatch.launcher.ingest.IngestCommand;
import org.procwatch.launcher.match.MatchCommand;
import org.procwatch.launcher.run.RunCommand;
import org.procwatch.launcher.sink.SinkCommand;
import org.procwatch.schemas.AvroTrust;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./procwatch} command line (CONTRACTS section 1). Exit codes: 0 success, 1 failure, 2 bad usage. */
@Command(name = "procwatch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Watches public procurement for suppliers linked to listed surveillance firms.",
        subcommands = {RunCommand.class, IngestCommand.class, EnrichCommand.class, SinkCommand.class, CompileCommand.class, MatchCommand.class, GenerateCommand.class, MatchBenchCommand.class, IngestBenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        AvroTrust.trustGeneratedClasses();
        System.exit(commandLine().execute(args));
    }

    /** The command line with procwatch's error reporting: one line on stderr per failure. */
    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setParameterExceptionHandler((e, args) -> {
                    String command = e.getCommandLine().getCommandSpec().qualifiedName();
                    e.getCommandLine().getErr().println(command + ": " + e.getMessage()
                            + " (see ./" + command + " --help)");
                    return CommandLine.ExitCode.USAGE;
                })
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    org.slf4j.LoggerFactory.getLogger(Main.class).debug("Command failed", e);
                    commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                    return CommandLine.ExitCode.SOFTWARE;
                });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: run, ingest, compile or match");
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"procwatch " + (version == null ? "(development build)" : version)};
        }
    }
}
