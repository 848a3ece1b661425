package org.procwatch.ingest.source;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One {@code --input [TYPE:]PATH}: a file or folder, with the type forced or left to detection.
 *
 * @param path the file or folder
 * @param type the forced type, or empty to detect it from each file's content
 */
public record InputSpec(Path path, Optional<InputType> type) {

    /**
     * Parses {@code [TYPE:]PATH}. A prefix that is not a type (a Windows drive letter, a colon in a file
     * name) is part of the path.
     */
    public static InputSpec parse(String argument) {
        int colon = argument.indexOf(':');
        if (colon > 1) {
            Optional<InputType> type = InputType.ofLabel(argument.substring(0, colon));
            if (type.isPresent()) {
                return new InputSpec(Path.of(argument.substring(colon + 1)), type);
            }
            if (argument.substring(0, colon).matches("[a-z]+")) {
                throw new IllegalArgumentException("unknown input type '" + argument.substring(0, colon) + "' in '" + argument
                        + "': use one of " + Arrays.stream(InputType.values()).map(InputType::label).collect(Collectors.joining(", "))
                        + ", or give the path alone to detect the type");
            }
        }
        return new InputSpec(Path.of(argument), Optional.empty());
    }
}
