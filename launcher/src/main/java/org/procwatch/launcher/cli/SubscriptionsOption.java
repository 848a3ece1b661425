package org.procwatch.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.procwatch.sink.delivery.Subscription;
import org.procwatch.sink.delivery.Subscriptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --subscriptions FILE} (CONTRACTS section 8), for the commands that deliver alerts: read at start, a bad file is bad usage. */
public final class SubscriptionsOption {

    @Option(names = "--subscriptions", paramLabel = "FILE",
            description = "Webhook subscriptions, JSON or YAML (id, url, secret, filters): matching alerts are POSTed to them, signed.")
    Path file;

    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    /** @throws CommandLine.ParameterException saying what is wrong with the file */
    public List<Subscription> read() throws IOException {
        if (file == null) {
            return List.of();
        }
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--subscriptions: no such file: " + file);
        }
        try {
            return Subscriptions.read(file);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--subscriptions " + e.getMessage());
        }
    }
}
