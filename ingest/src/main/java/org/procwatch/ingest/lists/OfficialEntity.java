package org.procwatch.ingest.lists;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.web.WebAddress;

/**
 * A watchlist entity taken from an official list, built up field by field as a reader finds them: names
 * trimmed and told once, identifiers in org-id form, the list and the official record named. What a list
 * gives is text from outside, so each name and the number of names are capped.
 */
final class OfficialEntity {

    /** The longest name kept; longer ones are prose, not names. */
    static final int MAX_NAME_CHARS = 300;
    /** The most names kept for one entity. */
    static final int MAX_NAMES = 200;
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final String id;
    private final Set<String> names = new LinkedHashSet<>();
    private final Set<Identifier> identifiers = new LinkedHashSet<>();
    private final Set<String> lists = new LinkedHashSet<>();
    private final Set<String> countries = new LinkedHashSet<>();
    private final Set<String> sources = new LinkedHashSet<>();
    private EntityRelation relation = EntityRelation.listed;
    private String parentId;
    private LocalDate validFrom;
    private LocalDate validTo;

    /**
     * @param list     the list's name (CONTRACTS section 6: {@code us-csl}, {@code opensanctions}, ...)
     * @param nativeId the entry's id within the list
     */
    OfficialEntity(String list, String nativeId) {
        this.id = list + ":" + nativeId.strip();
        lists.add(list);
    }

    String id() {
        return id;
    }

    /** The first name given is the entity's name; later ones are its aliases. */
    OfficialEntity name(String name) {
        String cleaned = clean(name);
        if (cleaned != null && names.size() < MAX_NAMES) {
            names.add(cleaned);
        }
        return this;
    }

    OfficialEntity names(Iterable<String> more) {
        more.forEach(this::name);
        return this;
    }

    boolean hasName() {
        return !names.isEmpty();
    }

    OfficialEntity identifier(String scheme, String value) {
        String cleaned = clean(value);
        if (cleaned != null) {
            identifiers.add(new Identifier(scheme, cleaned));
        }
        return this;
    }

    /** A finer list within this one (e.g. {@code us-csl:EL}, the Entity List within the CSL). */
    OfficialEntity list(String name) {
        String cleaned = clean(name);
        if (cleaned != null) {
            lists.add(cleaned);
        }
        return this;
    }

    /** A country, as an ISO 3166-1 alpha-2 code; anything else is left out. */
    OfficialEntity country(String code) {
        String cleaned = clean(code);
        if (cleaned != null && cleaned.length() == 2 && cleaned.chars().allMatch(Character::isLetter)) {
            countries.add(cleaned.toUpperCase(Locale.ROOT));
        }
        return this;
    }

    /** The official record of the entry: a web address, kept as text and never followed. */
    OfficialEntity source(String url) {
        String cleaned = clean(url);
        if (WebAddress.isHttp(cleaned)) {
            sources.add(cleaned);
        }
        return this;
    }

    OfficialEntity relatedTo(EntityRelation how, String parent) {
        this.relation = how;
        this.parentId = parent;
        return this;
    }

    OfficialEntity validFrom(LocalDate date) {
        this.validFrom = date;
        return this;
    }

    OfficialEntity validTo(LocalDate date) {
        this.validTo = date;
        return this;
    }

    /** The entity; call only once it has a name. */
    WatchlistEntity build() {
        List<String> all = new ArrayList<>(names);
        return WatchlistEntity.newBuilder()
                .setId(id)
                .setName(all.getFirst())
                .setAliases(all.subList(1, all.size()))
                .setIdentifiers(new ArrayList<>(identifiers))
                .setRelation(relation)
                .setParentId(parentId)
                .setLists(new ArrayList<>(lists))
                .setValidFrom(validFrom)
                .setValidTo(validTo)
                .setCountries(new ArrayList<>(countries))
                .setSources(new ArrayList<>(sources))
                .build();
    }

    /** Text with its spaces tidied, or null when there is none or it is too long to be a name. */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        String cleaned = SPACES.matcher(text).replaceAll(" ").strip();
        return cleaned.isEmpty() || cleaned.length() > MAX_NAME_CHARS ? null : cleaned;
    }

    /** A date in one of the forms given, or null when it is in none of them. */
    static LocalDate date(String text, DateTimeFormatter... forms) {
        String cleaned = clean(text);
        if (cleaned == null) {
            return null;
        }
        for (DateTimeFormatter form : forms) {
            try {
                return LocalDate.parse(cleaned, form);
            } catch (DateTimeParseException e) {
                // the next form
            }
        }
        return null;
    }
}
