package org.procwatch.enrich.match;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.procwatch.schemas.avro.Identifier;

/** Organisation identifiers in comparable form: scheme in upper case, and company numbers without leading zeros. */
public final class Identifiers {

    /** An org-id prefix such as GB-COH or XI-LEI at the start of a combined id like {@code GB-COH-08584373}. */
    private static final Pattern ORG_ID = Pattern.compile("^([A-Z]{2}-[A-Z0-9]{2,})-(.+)$");

    private Identifiers() {
    }

    /** The key under which two identifiers that denote the same organisation meet. */
    public static String key(String scheme, String id) {
        String cleanId = id.strip().replace(" ", "").toUpperCase(Locale.ROOT);
        if (cleanId.chars().allMatch(Character::isDigit)) {
            cleanId = cleanId.replaceFirst("^0+(?=.)", "");
        }
        return scheme.strip().toUpperCase(Locale.ROOT) + "|" + cleanId;
    }

    public static String key(Identifier identifier) {
        return key(identifier.getScheme(), identifier.getId());
    }

    /** Splits a combined org-id (e.g. an OCDS party id {@code GB-COH-08584373}) into scheme and id. */
    public static Optional<Identifier> parseCombined(String orgId) {
        if (orgId == null) {
            return Optional.empty();
        }
        Matcher matcher = ORG_ID.matcher(orgId.strip().toUpperCase(Locale.ROOT));
        return matcher.matches() ? Optional.of(new Identifier(matcher.group(1), matcher.group(2))) : Optional.empty();
    }
}
