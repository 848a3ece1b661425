package org.procwatch.ingest.lists;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The UK Sanctions List (FCDO) as XML: one {@code Designation} per entry, with {@code UniqueID}, {@code Names}
 * (each {@code Name} in parts {@code Name1}..{@code Name6}, the family or entity name last, and a
 * {@code NameType} of "Primary Name" or "Alias"), non-Latin names ({@code NameNonLatinScript}), {@code
 * RegimeName}, {@code IndividualEntityShip}, {@code Addresses} and its dates ({@code DateDesignated}, {@code
 * LastUpdated}, dd/mm/yyyy). Each entity becomes {@code uk-sanctions:<UniqueID>}; individuals only when
 * persons are asked for, ships never. The XML is read as data only: no DTD, no external entities.
 */
final class UkSanctionsReader implements ListReader {

    static final String LIST = "uk-sanctions";
    static final String SOURCE = "https://www.gov.uk/government/publications/the-uk-sanctions-list";
    private static final DateTimeFormatter[] DATES = {DateTimeFormatter.ofPattern("dd/MM/uuuu"), DateTimeFormatter.ISO_LOCAL_DATE};
    /** The most text kept from one element: the statements of reasons are prose, and none of it is a name. */
    private static final int MAX_TEXT = 64 * 1024;
    private static final Map<String, String> COUNTRY_CODES = countryCodes();

    /** What an element costs to hold beyond its text: its name, its list and map entries. */
    private static final int ELEMENT_COST = 64;

    private final boolean persons;
    private final int maxEntryBytes;

    /**
     * @param persons       whether individuals are kept too
     * @param maxEntryBytes the most one designation may hold, its texts and elements together
     */
    UkSanctionsReader(boolean persons, int maxEntryBytes) {
        this.persons = persons;
        this.maxEntryBytes = maxEntryBytes;
    }

    @Override
    public Kind read(InputStream in, Consumer<ListChange> changes, Consumer<ListProblem> problems) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            try {
                boolean any = false;
                int number = 0;
                while (xml.hasNext()) {
                    if (xml.next() != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    if (xml.getLocalName().equals("Designation")) {
                        any = true;
                        String position = "Designation " + ++number;
                        Designation designation = read(xml);
                        if (designation == null) {
                            problems.accept(ListProblem.tooLarge(position, maxEntryBytes));
                        } else {
                            designation(designation, position, changes, problems);
                        }
                    } else if (xml.getLocalName().equals("DateGenerated")) {
                        LocalDate generated = OfficialEntity.date(xml.getElementText(), DATES);
                        if (generated != null) {
                            changes.accept(new ListChange.Dated(LIST, generated.toString()));
                        }
                    }
                }
                if (!any) {
                    throw new IOException("not the UK Sanctions List: it has no Designation elements");
                }
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException("the UK Sanctions List is not well-formed XML: " + e.getMessage(), e);
        }
        return Kind.WHOLE;
    }

    /** One designation's texts by element name, and its names, each as its parts and type. */
    private record Designation(Map<String, List<String>> texts, List<Map<String, String>> names) {

        String first(String element) {
            List<String> values = texts.get(element);
            return values == null ? null : values.getFirst();
        }

        List<String> all(String element) {
            return texts.getOrDefault(element, List.of());
        }
    }

    /** The designation the reader is at the start of, read to its end; null when it holds more than the limit. */
    private Designation read(XMLStreamReader xml) throws XMLStreamException {
        Map<String, List<String>> texts = new HashMap<>();
        List<Map<String, String>> names = new ArrayList<>();
        Map<String, String> name = null;
        StringBuilder text = new StringBuilder();
        long held = 0;
        int depth = 1;
        while (depth > 0) {
            // Past the limit it is read to its end, holding nothing more; the next designation is read as usual.
            boolean keeping = held <= maxEntryBytes;
            switch (xml.next()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    held += ELEMENT_COST + text.length();
                    text.setLength(0);
                    if (xml.getLocalName().equals("Name") && name == null) {
                        name = new LinkedHashMap<>();
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                    if (keeping && text.length() < MAX_TEXT) {
                        text.append(xml.getText(), 0, Math.min(xml.getTextLength(), MAX_TEXT - text.length()));
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    depth--;
                    String element = xml.getLocalName();
                    if (!keeping) {
                        name = null;
                    } else if (element.equals("Name") && name != null) {
                        names.add(name);
                        name = null;
                    } else if (name != null) {
                        name.put(element, text.toString());
                    } else if (!text.toString().isBlank()) {
                        texts.computeIfAbsent(element, key -> new ArrayList<>()).add(text.toString());
                    }
                    held += ELEMENT_COST + text.length();
                    text.setLength(0);
                }
                default -> {
                }
            }
        }
        return held > maxEntryBytes ? null : new Designation(texts, names);
    }

    private void designation(Designation designation, String position, Consumer<ListChange> changes, Consumer<ListProblem> problems) {
        String kind = String.valueOf(designation.first("IndividualEntityShip")).strip();
        if (kind.equalsIgnoreCase("Ship") || (kind.equalsIgnoreCase("Individual") && !persons)) {
            return;
        }
        String id = OfficialEntity.clean(designation.first("UniqueID"));
        if (id == null) {
            problems.accept(new ListProblem(position, "a designation without a UniqueID cannot be followed from one list to the next", ""));
            return;
        }
        OfficialEntity entity = new OfficialEntity(LIST, id);
        // The primary name first: it becomes the entity's name, the rest its aliases.
        designation.names().stream().filter(UkSanctionsReader::primary).forEach(name -> entity.name(joined(name)));
        designation.names().stream().filter(name -> !primary(name)).forEach(name -> entity.name(joined(name)));
        entity.names(designation.all("NameNonLatinScript"));
        if (!entity.hasName()) {
            problems.accept(new ListProblem(position, "designation " + id + " has no usable name", ""));
            return;
        }
        designation.all("AddressCountry").forEach(country -> entity.country(COUNTRY_CODES.get(country.strip().toLowerCase(Locale.ROOT))));
        entity.validFrom(OfficialEntity.date(designation.first("DateDesignated"), DATES)).source(SOURCE);
        changes.accept(new ListChange.Listed(entity.build()));
    }

    private static boolean primary(Map<String, String> name) {
        String type = name.getOrDefault("NameType", "").strip().toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.startsWith("primary");
    }

    /** Name1 to Name6 in order, with the whole name where the list gives one instead. */
    private static String joined(Map<String, String> name) {
        StringBuilder joined = new StringBuilder();
        for (int part = 1; part <= 6; part++) {
            String text = name.get("Name" + part);
            if (text != null && !text.isBlank()) {
                joined.append(joined.isEmpty() ? "" : " ").append(text.strip());
            }
        }
        return joined.isEmpty() ? name.get("Name") : joined.toString();
    }

    /** English country names, as the list writes them, to their ISO codes. */
    private static Map<String, String> countryCodes() {
        Map<String, String> codes = new HashMap<>();
        for (String code : Locale.getISOCountries()) {
            codes.put(Locale.of("", code).getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT), code);
        }
        codes.put("russia", "RU");
        codes.put("united kingdom", "GB");
        codes.put("hong kong", "HK");
        return codes;
    }
}
