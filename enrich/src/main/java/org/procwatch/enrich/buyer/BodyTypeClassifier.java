package org.procwatch.enrich.buyer;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.procwatch.schemas.avro.BodyType;
import org.procwatch.schemas.avro.Identifier;

/**
 * Tells what kind of public body a buyer is (CONTRACTS section 5), from the registers its identifiers come
 * from where they say, else from its name. Rules are tried in order: an NHS hospital named after a
 * university is an NHS trust, a police and crime commissioner is police, not a council.
 */
public final class BodyTypeClassifier {

    private record Rule(Pattern name, BodyType type) {
    }

    private static final List<Rule> NAME_RULES = List.of(
            rule("\\b(police|constabulary|crime commissioner)\\b", BodyType.police_force),
            rule("\\b(nhs|hospitals?|health board|integrated care board|clinical commissioning|ambulance service|health and care)\\b",
                    BodyType.nhs_trust),
            rule("\\buniversity\\b", BodyType.university),
            rule("\\b(primary|infant|junior|first|nursery) (school|academy)\\b|\\bprimary\\b", BodyType.primary_school),
            rule("\\b(school|academy|academies|grammar|college|sixth form)\\b|\\bacademy trust\\b", BodyType.secondary_school),
            rule("\\b(council|borough|combined authority|greater london authority|local authority|unitary authority)\\b",
                    BodyType.local_authority),
            rule("\\b(ministry|department (for|of)|home office|cabinet office|foreign, commonwealth|hm treasury|hm revenue"
                    + "|crown commercial service|government|secretary of state|executive agency)\\b", BodyType.government_department));

    private BodyTypeClassifier() {
    }

    /** The body type of a buyer with this name and these identifiers; {@code other} when nothing tells. */
    public static BodyType classify(String name, List<Identifier> identifiers) {
        for (Identifier identifier : identifiers) {
            BodyType byRegister = byScheme(identifier.getScheme());
            if (byRegister != null) {
                return byRegister;
            }
        }
        if (name == null) {
            return BodyType.other;
        }
        String text = name.toLowerCase(Locale.ROOT);
        for (Rule rule : NAME_RULES) {
            if (rule.name.matcher(text).find()) {
                return rule.type;
            }
        }
        return BodyType.other;
    }

    /** Registers that only hold one kind of body (org-id.guide schemes). */
    private static BodyType byScheme(String scheme) {
        return switch (scheme.toUpperCase(Locale.ROOT)) {
            case "GB-NHS" -> BodyType.nhs_trust;
            case "GB-LAE", "GB-LAS", "GB-LANI", "GB-PLA" -> BodyType.local_authority;
            case "GB-GOR" -> BodyType.government_department;
            default -> null;
        };
    }

    private static Rule rule(String regex, BodyType type) {
        return new Rule(Pattern.compile(regex), type);
    }
}
