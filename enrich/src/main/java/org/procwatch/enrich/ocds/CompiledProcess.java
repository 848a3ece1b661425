package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The merge state of one contracting process: every leaf of every release merged so far, with the release
 * that set it. A new release updates the state without the earlier releases being read again, and may
 * arrive in any order: each value is the one of the latest release (by {@code date}, then arrival) that
 * has it, exactly as if all releases had been merged in date order. From the state come the compiled
 * release and, when history is kept, the versioned release.
 */
public final class CompiledProcess {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Releases merge in date order (dates compared as written, as the reference implementation does), then in arrival order. */
    private static final Comparator<ReleaseInfo> RELEASE_ORDER =
            Comparator.comparing(ReleaseInfo::date).thenComparingInt(ReleaseInfo::sequence);

    private final String ocid;
    private final MergeRules rules;
    private final boolean keepHistory;
    private final List<ReleaseInfo> releases = new ArrayList<>();
    private final Set<String> releaseKeys = new HashSet<>();
    private final Map<String, Entry> entries = new HashMap<>();
    /** The compiled release built to check the last merge, handed to the next caller that asks; null once handed. */
    private ObjectNode checked;

    /**
     * @param ocid        the contracting process
     * @param rules       the merge rules of its OCDS version
     * @param keepHistory whether to keep every value of every field, for the versioned release
     */
    public CompiledProcess(String ocid, MergeRules rules, boolean keepHistory) {
        this.ocid = Objects.requireNonNull(ocid, "ocid");
        this.rules = rules;
        this.keepHistory = keepHistory;
    }

    /** What merging one release did. */
    public record Outcome(boolean duplicate, List<String> warnings) {
    }

    /**
     * The release's id, date and tag, its place in the arrival order, the key that recognises it again, and the
     * digest of its content, which tells it from another release with the same id and date.
     */
    record ReleaseInfo(String id, String date, JsonNode tag, int sequence, String key, ContentDigest digest) {
    }

    /**
     * A release's content digest, worked out only when asked: it is needed only when a release repeats another's
     * id and date, which most processes never do. Unknown for releases stored before digests were kept.
     */
    static final class ContentDigest {
        /**
         * 64 bits of a SHA-256 tell apart the few releases of one process that share an id and date, and the
         * digest is kept for every release of every process.
         */
        private static final int KEPT_CHARACTERS = 16;

        private Supplier<String> source;
        private String value;

        private ContentDigest(Supplier<String> source, String value) {
            this.source = source;
            this.value = value;
        }

        static ContentDigest of(String value) {
            return new ContentDigest(null, shortened(value));
        }

        static ContentDigest lazy(Supplier<String> source) {
            return new ContentDigest(Objects.requireNonNull(source, "source"), null);
        }

        /** The digest, or null when it is not known. */
        String value() {
            if (source != null) {
                value = shortened(source.get());
                source = null;
            }
            return value;
        }

        private static String shortened(String digest) {
            return digest == null || digest.length() <= KEPT_CHARACTERS ? digest : digest.substring(0, KEPT_CHARACTERS);
        }
    }

    /** One leaf: its current value, which release set it, and when it first appeared (for field order). */
    static final class Entry {
        final String[] parts;
        final String[] ancestors;
        final boolean identifier;
        JsonNode value;
        int setBy;
        int firstRelease;
        int firstPosition;
        List<Version> history;

        Entry(String[] parts, String[] ancestors, boolean identifier) {
            this.parts = parts;
            this.ancestors = ancestors;
            this.identifier = identifier;
        }

        /** An entry restored from its parts alone. */
        Entry(String[] parts, boolean identifier) {
            this(parts, ancestorsOf(parts), identifier);
        }

        /** The encoded path, from the innermost ancestor's. */
        String path() {
            return ancestors.length == 0 ? parts[0] : Paths.join(ancestors[ancestors.length - 1], parts[parts.length - 1]);
        }

        private static String[] ancestorsOf(String[] parts) {
            String[] ancestors = new String[parts.length - 1];
            String prefix = "";
            for (int i = 0; i < ancestors.length; i++) {
                prefix = Paths.join(prefix, parts[i]);
                ancestors[i] = prefix;
            }
            return ancestors;
        }
    }

    /** A value a release gave a field. */
    record Version(int release, JsonNode value) {
    }

    public String ocid() {
        return ocid;
    }

    boolean keepsHistory() {
        return keepHistory;
    }

    List<ReleaseInfo> releases() {
        return releases;
    }

    Iterable<Entry> entries() {
        return entries.values();
    }

    /** Restores a release; for {@link CompiledProcessCodec} only. */
    void restoreRelease(ReleaseInfo release) {
        releases.add(release);
        releaseKeys.add(release.key());
    }

    /** Restores an entry; for {@link CompiledProcessCodec} only. */
    void restoreEntry(String path, Entry entry) {
        entries.put(path, entry);
    }

    /** How many distinct releases have been merged. */
    public int releaseCount() {
        return releases.size();
    }

    /** As {@link #merge(JsonNode, Supplier)}, telling contents apart by the SHA-256 of the release's JSON. */
    public Outcome merge(JsonNode release) {
        return merge(release, () -> sha256(release.toString()));
    }

    /**
     * Merges a release. A release seen before (the same content under the same id and date, or the same content
     * where it has no id) changes nothing. A release with the id and date of one merged before but other content
     * is merged too, after it, with a warning: publishers do repeat ids and dates, and the OCDS merge takes
     * every release.
     *
     * @param contentDigest the digest of the release's content (as {@code IngestedRelease.contentHash}); asked
     *                      for only when the release repeats an id and date, and never kept from the release
     *                      for longer than this process
     * @throws OcdsMergeException when the release is not an object, belongs to another process, has no
     *                            string {@code date}, or changes the type of a value so that no compiled release
     *                            can be made (then the state is left as it was)
     */
    public Outcome merge(JsonNode release, Supplier<String> contentDigest) {
        return merge(release, contentDigest, true);
    }

    /**
     * As {@link #merge(JsonNode, Supplier)}, without learning whether a compiled release can still be made: for
     * merging many releases at once, where {@link #compiledRelease()} after the last tells. When it cannot be made,
     * merging them again one by one with {@link #merge(JsonNode, Supplier)} finds the releases to leave out.
     */
    public Outcome mergeUnchecked(JsonNode release, Supplier<String> contentDigest) {
        return merge(release, contentDigest, false);
    }

    private Outcome merge(JsonNode release, Supplier<String> contentDigest, boolean check) {
        if (release == null || !release.isObject()) {
            throw new OcdsMergeException(ocid, "a release must be a JSON object, found " + kind(release));
        }
        String releaseOcid = release.path("ocid").asText(null);
        if (!ocid.equals(releaseOcid)) {
            throw new OcdsMergeException(ocid, "a release of " + releaseOcid + " cannot be merged into this process");
        }
        JsonNode date = release.get("date");
        if (date == null || !date.isTextual()) {
            throw new OcdsMergeException(ocid, "release " + release.path("id").asText("without id")
                    + " has " + (date == null || date.isNull() ? "no date" : "a date that is not a string (" + date + ")")
                    + "; every release needs its date to be merged in order");
        }
        JsonNode id = release.get("id");
        String releaseId = id == null || id.isNull() ? null : id.asText();
        String key = releaseId != null ? idKey(releaseId, date.asText()) : "content:" + sha256(release.toString());
        // A release without id is recognised by its content already.
        ContentDigest digest = releaseId == null ? ContentDigest.of(null) : ContentDigest.lazy(contentDigest);
        List<String> warnings = new ArrayList<>();
        if (releaseKeys.contains(key)) {
            if (releaseId == null || seenWithSameContent(key, digest)) {
                return new Outcome(true, List.of());
            }
            warnings.add("release " + releaseId + " dated " + date.asText() + " repeats the id and date of a release merged before, "
                    + "with other content; both are merged, in the order they arrived");
        }
        int sequence = releases.size();
        List<ReleaseFlattener.Leaf> leaves = new ReleaseFlattener(rules).flatten(release, sequence, warnings);
        releases.add(new ReleaseInfo(releaseId, date.asText(), release.get("tag"), sequence, key, digest));
        boolean newKey = releaseKeys.add(key);
        List<Runnable> undo = new ArrayList<>(leaves.size());
        for (int position = 0; position < leaves.size(); position++) {
            undo.add(apply(leaves.get(position), sequence, position));
        }
        checked = null;
        if (!check) {
            return new Outcome(false, List.copyOf(warnings));
        }
        try {
            // Built as the reference builds it, to learn whether it can be: a value that changed type may leave none.
            checked = buildCompiledRelease();
        } catch (OcdsMergeException e) {
            undo.reversed().forEach(Runnable::run);
            releases.removeLast();
            if (newKey) {
                releaseKeys.remove(key);
            }
            throw new OcdsMergeException(ocid, "release " + (releaseId == null ? "without id" : releaseId) + " dated " + date.asText()
                    + " is left out: " + e.getMessage());
        }
        return new Outcome(false, List.copyOf(warnings));
    }

    /**
     * Whether a release merged under this key had the same content. One stored before digests were kept cannot
     * be told apart, and counts as the same, as all such repeats did then.
     */
    private boolean seenWithSameContent(String key, ContentDigest digest) {
        for (ReleaseInfo merged : releases) {
            if (merged.key().equals(key)) {
                String known = merged.digest().value();
                if (known == null || known.equals(digest.value())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The compiled release: the latest value of every field, with {@code tag}, {@code id} and {@code date} of the merge. */
    public ObjectNode compiledRelease() {
        ObjectNode compiled = checked;
        checked = null;
        return compiled != null ? compiled : buildCompiledRelease();
    }

    private ObjectNode buildCompiledRelease() {
        ObjectNode compiled = NODES.objectNode();
        String date = latestDate();
        compiled.putArray("tag").add("compiled");
        compiled.put("id", ocid + "-" + date);
        compiled.put("date", date);
        Builder builder = new Builder(compiled);
        for (Entry entry : inFieldOrder()) {
            boolean removed = entry.value == null || entry.value.isNull();
            builder.put(entry.parts, removed ? null : entry.value.isContainerNode() ? entry.value.deepCopy() : entry.value);
        }
        return compiled;
    }

    /** The versioned release: every field's values in date order, each with the release that gave it. */
    public ObjectNode versionedRelease() {
        if (!keepHistory) {
            throw new IllegalStateException("this process was merged without history; create it with keepHistory");
        }
        ObjectNode versioned = NODES.objectNode();
        Builder builder = new Builder(versioned);
        for (Entry entry : inFieldOrder()) {
            boolean plain = entry.identifier || (entry.parts.length == 1 && entry.parts[0].equals(".ocid"));
            builder.put(entry.parts, plain ? entry.value : versions(entry));
        }
        return versioned;
    }

    private ArrayNode versions(Entry entry) {
        List<Version> history = new ArrayList<>(entry.history);
        history.sort(Comparator.comparing(version -> releases.get(version.release()), RELEASE_ORDER));
        ArrayNode versions = NODES.arrayNode();
        JsonNode previous = null;
        for (Version version : history) {
            if (previous != null && previous.equals(version.value())) {
                continue;
            }
            ReleaseInfo release = releases.get(version.release());
            ObjectNode item = versions.addObject();
            item.put("releaseID", release.id());
            item.put("releaseDate", release.date());
            item.set("releaseTag", release.tag() == null ? NODES.nullNode() : release.tag());
            item.set("value", version.value());
            previous = version.value();
        }
        return versions;
    }

    /** Applies a leaf, and returns what puts its entry back as it was. */
    private Runnable apply(ReleaseFlattener.Leaf leaf, int release, int position) {
        Entry entry = entries.get(leaf.path());
        Runnable undo;
        if (entry == null) {
            entry = new Entry(leaf.parts(), leaf.ancestors(), leaf.identifier());
            entry.setBy = release;
            entry.value = leaf.value();
            entry.firstRelease = release;
            entry.firstPosition = position;
            entries.put(leaf.path(), entry);
            undo = () -> entries.remove(leaf.path());
        } else {
            Entry changed = entry;
            JsonNode value = entry.value;
            int setBy = entry.setBy;
            int firstRelease = entry.firstRelease;
            int firstPosition = entry.firstPosition;
            int versions = entry.history == null ? -1 : entry.history.size();
            undo = () -> {
                changed.value = value;
                changed.setBy = setBy;
                changed.firstRelease = firstRelease;
                changed.firstPosition = firstPosition;
                if (versions < 0) {
                    changed.history = null;
                } else {
                    changed.history.subList(versions, changed.history.size()).clear();
                }
            };
            if (!earlier(release, entry.setBy)) {
                entry.value = leaf.value();
                entry.setBy = release;
            }
            if (earlier(release, entry.firstRelease)) {
                entry.firstRelease = release;
                entry.firstPosition = position;
            }
        }
        if (keepHistory) {
            if (entry.history == null) {
                entry.history = new ArrayList<>(2);
            }
            entry.history.add(new Version(release, leaf.value()));
        }
        return undo;
    }

    private List<Entry> inFieldOrder() {
        int[] rank = mergeRanks();
        List<Entry> ordered = new ArrayList<>(entries.values());
        ordered.sort((a, b) -> a.firstRelease == b.firstRelease ? Integer.compare(a.firstPosition, b.firstPosition)
                : Integer.compare(rank[a.firstRelease], rank[b.firstRelease]));
        return ordered;
    }

    /** Each release's place in merge order, by arrival number: the sort compares numbers, not dates, for every pair of entries. */
    private int[] mergeRanks() {
        List<ReleaseInfo> inOrder = new ArrayList<>(releases);
        inOrder.sort(RELEASE_ORDER);
        int[] rank = new int[releases.size()];
        for (int i = 0; i < inOrder.size(); i++) {
            rank[inOrder.get(i).sequence()] = i;
        }
        return rank;
    }

    private boolean earlier(int release, int other) {
        return RELEASE_ORDER.compare(releases.get(release), releases.get(other)) < 0;
    }

    private String latestDate() {
        return releases.stream().max(RELEASE_ORDER).map(ReleaseInfo::date)
                .orElseThrow(() -> new IllegalStateException("no release merged into " + ocid));
    }

    /** The key of a release with an id; {@link CompiledProcessCodec} stores only the keys it cannot work out. */
    static String idKey(String releaseId, String date) {
        return "id:" + releaseId + "@" + date;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String kind(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        return switch (value.getNodeType()) {
            case ARRAY -> "array";
            case OBJECT -> "object";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            default -> value.getNodeType().name().toLowerCase();
        };
    }

    /**
     * Puts values into a JSON tree by path, in the order the fields first appeared, as the reference merge builds the
     * compiled release: on the way, objects and array items (by their key) are made; a value is put only where
     * nothing is yet, so a value of {@code null} still makes the objects around it (a release that sets every field
     * of an object to null leaves it {@code {}}), and a value where an earlier field made an object or array is left
     * out, as the reference leaves it. A path that needs an object or array where an earlier field put a value of
     * another kind cannot be built, and fails, naming it.
     */
    private final class Builder {
        private final ObjectNode root;
        private final Map<ArrayNode, Map<String, ObjectNode>> items = new IdentityHashMap<>();

        Builder(ObjectNode root) {
            this.root = root;
        }

        /** @param value the value, or null for a field that was removed */
        void put(String[] parts, JsonNode value) {
            JsonNode node = root;
            String path = "";
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                if (!Paths.isField(part)) {
                    if (!(node instanceof ArrayNode array)) {
                        throw new OcdsMergeException(ocid, "an earlier release had " + describe(node) + " for " + Paths.describe(path)
                                + ", but this one has an array of objects");
                    }
                    node = items.computeIfAbsent(array, a -> new HashMap<>()).computeIfAbsent(part, p -> array.addObject());
                    path = Paths.join(path, part);
                    continue;
                }
                String name = Paths.fieldName(part);
                if (!(node instanceof ObjectNode object)) {
                    throw new OcdsMergeException(ocid, "an earlier release had " + describe(node) + " for " + Paths.describe(path)
                            + ", but this one has an object with a '" + name + "' field");
                }
                path = Paths.join(path, part);
                JsonNode existing = object.get(name);
                if (existing != null) {
                    node = existing;
                } else if (i < parts.length - 1) {
                    node = Paths.isField(parts[i + 1]) ? object.putObject(name) : object.putArray(name);
                } else if (value != null) {
                    object.set(name, value);
                }
            }
        }

        private static String describe(JsonNode node) {
            String text = node.toString();
            return "the " + kind(node) + " " + (text.length() > 80 ? text.substring(0, 77) + "..." : text);
        }
    }
}
