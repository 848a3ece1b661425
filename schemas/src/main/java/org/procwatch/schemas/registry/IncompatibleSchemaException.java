package org.procwatch.schemas.registry;

import java.util.List;

/** The subject's compatibility rule rejected a schema; the message names the subject and each incompatibility. */
public class IncompatibleSchemaException extends SchemaRegistryException {

    private final String subject;
    private final List<String> incompatibilities;

    public IncompatibleSchemaException(String subject, List<String> incompatibilities, String registryMessage) {
        super(describe(subject, incompatibilities, registryMessage), 409);
        this.subject = subject;
        this.incompatibilities = List.copyOf(incompatibilities);
    }

    public String subject() {
        return subject;
    }

    /** One line per incompatibility found, e.g. "/fields/3: READER_FIELD_MISSING_DEFAULT_VALUE (region)". */
    public List<String> incompatibilities() {
        return incompatibilities;
    }

    private static String describe(String subject, List<String> incompatibilities, String registryMessage) {
        var text = new StringBuilder("Schema for subject '").append(subject)
                .append("' is incompatible with the version already registered");
        if (!incompatibilities.isEmpty()) {
            text.append(": ").append(String.join("; ", incompatibilities));
        }
        if (registryMessage != null && !registryMessage.isBlank()) {
            text.append(" (registry said: ").append(registryMessage).append(')');
        }
        return text.append(". Keep schema changes BACKWARD compatible: add fields with defaults, never remove a field without a default.")
                .toString();
    }
}
