package org.procwatch.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.procwatch.launcher.bench.ApiBenchCommand;
import org.procwatch.launcher.bench.GenerateCommand;
import org.procwatch.launcher.bench.IngestBenchCommand;
import org.procwatch.launcher.bench.PipelineBenchCommand;
import org.procwatch.launcher.bench.MatchBenchCommand;
import org.procwatch.launcher.compile.CompileCommand;
import org.procwatch.launcher.config.ConfigCheck;
import org.procwatch.launcher.config.ConfigFile;
import org.procwatch.launcher.config.ConfigOption;
import org.procwatch.launcher.config.LayeredDefaults;
import org.procwatch.launcher.enrich.EnrichCommand;
import org.procwatch.launcher.ingest.IngestCommand;
import org.procwatch.launcher.match.MatchCommand;
import org.procwatch.launcher.run.RunCommand;
import org.procwatch.launcher.setup.SetupCommand;
import org.procwatch.launcher.setup.SetupDatabaseCommand;
import org.procwatch.launcher.setup.SetupKafkaUsersCommand;
import org.procwatch.launcher.sink.SinkCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./procwatch} command line (CONTRACTS section 1). Exit codes: 0 success, 1 failure, 2 bad usage. */
@Command(name = "procwatch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Watches public procurement for suppliers linked to listed surveillance firms.",
        subcommands = {RunCommand.class, SetupCommand.class, SetupDatabaseCommand.class, SetupKafkaUsersCommand.class, IngestCommand.class, EnrichCommand.class, SinkCommand.class, CompileCommand.class, MatchCommand.class, GenerateCommand.class, MatchBenchCommand.class, IngestBenchCommand.class, PipelineBenchCommand.class, ApiBenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Avro's trust in the generated classes is set by whatever builds a record first (serdes, topic descriptors, the
     * watchlist reader), not here: an offline command such as {@code compile} would pay for every schema and the logging
     * set-up before its first line of work.
     */
    public static void main(String[] args) {
        System.exit(execute(args, System.getenv(), null));
    }

    /**
     * Runs a command with its settings layered: options, then {@code PROCWATCH_*} environment variables, then
     * the config file, then the options' defaults. A setting that names nothing is bad usage.
     */
    static int execute(String[] args, Map<String, String> environment, PrintWriter err) {
        CommandLine commandLine = commandLine();
        if (err != null) {
            commandLine.setErr(err);
        }
        ConfigFile file;
        try {
            Path path = ConfigOption.in(List.of(args), environment);
            file = path == null ? ConfigFile.none() : ConfigFile.read(path);
        } catch (IllegalArgumentException | IOException e) {
            commandLine.getErr().println("procwatch: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        List<String> problems = ConfigCheck.problems(commandLine, file, environment);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> commandLine.getErr().println("procwatch: " + problem));
            return CommandLine.ExitCode.USAGE;
        }
        commandLine.setDefaultValueProvider(new LayeredDefaults(environment, file));
        return commandLine.execute(args);
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
