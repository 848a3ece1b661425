package org.procwatch.launcher.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The reference of every app's settings (docs/configuration.md), made from the options themselves, so that
 * it cannot drift from what procwatch reads.
 */
public final class ConfigReference {

    private ConfigReference() {
    }

    public static String markdown(CommandLine top) {
        StringBuilder out = new StringBuilder("""
                # Configuration reference

                Generated from procwatch's own option definitions (`ConfigReference`; `ConfigReferenceTest` fails when this file
                is out of date: rerun it with `-Dprocwatch.update-golden=true`).

                Every setting of the apps (`run`, `setup`, `setup-database`, `setup-kafka-users`, `ingest files`, `ingest poll`, `enrich`, `sink`) is an option, and may also be
                given, from lowest to highest precedence, as: its default; a key in the config file (`--config FILE` or
                `PROCWATCH_CONFIG`, YAML: at the top for every command that has the setting, or in a section named after the
                command, e.g. `sink:` or `ingest: {poll: ...}`, which wins); the environment variable `PROCWATCH_<KEY>`; the
                option on the command line. A key or a `PROCWATCH_*` variable that names no setting is an error, and so is a
                key given twice in the file. Lists are comma-separated in the environment and YAML lists in the file.

                Read before the options: `PROCWATCH_CONFIG` (the config file), `PROCWATCH_LOG_FORMAT` (`json` for one JSON
                object per log event, Elastic Common Schema; plain lines otherwise) and, by the `procwatch` script,
                `PROCWATCH_JAVA_OPTS` (options for the JVM).
                """);
        for (CommandSpec command : apps(top.getCommandSpec())) {
            out.append("\n## `procwatch ").append(String.join(" ", Settings.commandPath(command))).append("`\n\n");
            out.append(command.usageMessage().description().length > 0 ? String.join(" ", command.usageMessage().description()) : "")
                    .append("\n\n");
            out.append("| key | environment | default | what it sets |\n|---|---|---|---|\n");
            for (OptionSpec option : command.options()) {
                if (!Settings.isSetting(option)) {
                    continue;
                }
                String key = Settings.key(option);
                out.append("| `").append(key).append("` | `").append(Settings.environmentVariable(key)).append("` | ")
                        .append(defaultOf(option)).append(" | ").append(cell(String.join(" ", option.description())))
                        .append(option.required() ? " **Required.**" : "").append(" |\n");
            }
        }
        return out.toString();
    }

    private static List<CommandSpec> apps(CommandSpec top) {
        List<CommandSpec> apps = new ArrayList<>();
        for (CommandLine sub : new LinkedHashSet<>(top.subcommands().values())) {
            CommandSpec command = sub.getCommandSpec();
            if (Settings.isApp(command)) {
                if (command.options().stream().anyMatch(Settings::isSetting)) {
                    apps.add(command);
                }
                apps.addAll(apps(command));
            }
        }
        return apps;
    }

    private static String defaultOf(OptionSpec option) {
        String annotated = option.defaultValue();
        if (annotated != null) {
            return "`" + cell(annotated) + "`";
        }
        return option.type() == boolean.class || option.type() == Boolean.class ? "`false`" : "";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("${DEFAULT-VALUE}", "the default").replace("\n", " ");
    }
}
