package org.procwatch.schemas.registry;

import java.util.List;

/**
 * The answer to "could this schema be registered?".
 *
 * @param compatible whether it could
 * @param messages   why not, one line per incompatibility; empty when compatible
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    public CompatibilityResult {
        messages = List.copyOf(messages);
    }

    public static CompatibilityResult ok() {
        return new CompatibilityResult(true, List.of());
    }
}
