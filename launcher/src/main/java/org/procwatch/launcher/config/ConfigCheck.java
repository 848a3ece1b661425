package org.procwatch.launcher.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Refuses settings that name nothing: a key in the config file, or a {@code PROCWATCH_*} environment
 * variable, that is no option of any command. A typo would otherwise be ignored, and the default used
 * without a word.
 */
public final class ConfigCheck {

    /** Environment variables read before the options: by the {@code procwatch} script, and by the logging configuration. */
    private static final Set<String> SCRIPT_VARIABLES = Set.of("PROCWATCH_CONFIG", "PROCWATCH_JAVA_OPTS",
            "PROCWATCH_LOG_FORMAT");

    private ConfigCheck() {
    }

    /** @return what is wrong, a sentence each; empty when all is well */
    public static List<String> problems(CommandLine top, ConfigFile file, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Set<String> variables = new TreeSet<>();
        Settings.keys(top.getCommandSpec()).forEach(key -> variables.add(Settings.environmentVariable(key)));
        for (String name : new TreeSet<>(environment.keySet())) {
            if (name.startsWith(Settings.ENV_PREFIX) && !variables.contains(name) && !SCRIPT_VARIABLES.contains(name)) {
                problems.add("unknown environment variable " + name + "; procwatch reads " + String.join(", ", variables));
            }
        }
        for (Map.Entry<List<String>, String> entry : file.keys()) {
            CommandSpec section = commandAt(top.getCommandSpec(), entry.getKey());
            if (section == null) {
                continue; // inside a map whose name is no command: reported at that name
            }
            String key = entry.getValue();
            if (section.subcommands().containsKey(key)) {
                continue; // a section, checked key by key
            }
            Set<String> known = Settings.keys(section);
            if (!known.contains(key)) {
                String where = entry.getKey().isEmpty() ? "" : " in section " + String.join(" ", entry.getKey());
                problems.add(file.path() + ": unknown setting '" + key + "'" + where + "; known here: " + String.join(", ", known)
                        + (section.subcommands().isEmpty() ? "" : ", or a section: " + String.join(", ", section.subcommands().keySet())));
            }
        }
        return problems;
    }

    /** The command a section path names, or null when a name on it is no command. */
    private static CommandSpec commandAt(CommandSpec top, List<String> path) {
        CommandSpec command = top;
        for (String name : path) {
            CommandLine sub = command.subcommands().get(name);
            if (sub == null) {
                return null;
            }
            command = sub.getCommandSpec();
        }
        return command;
    }
}
