package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The merge state of one contracting process, read straight from its releases' JSON bytes: the tree of every path
 * its releases used ({@link PathNode}), each leaf with its latest value as the bytes that spell it. A release is read
 * once, token by token ({@link ReleaseScanner}), without a tree of it; the compiled and versioned releases are
 * written as JSON bytes ({@link TreeWriter}). Releases may arrive in any order: each value is the one of the latest
 * release (by {@code date}, then arrival) that has it, exactly as if all had been merged in date order, and the
 * releases come out as the reference merge makes them.
 */
public final class ProcessTree {

    /** Releases merge in date order (dates compared as written, as the reference implementation does), then in arrival order. */
    static final Comparator<Release> RELEASE_ORDER = Comparator.comparing(Release::date).thenComparingInt(Release::sequence);
    private static final ThreadLocal<ReleaseScanner> SCANNERS = ThreadLocal.withInitial(ReleaseScanner::new);

    private final String ocid;
    private final boolean keepHistory;
    final PathNode root;
    private final List<Release> releases = new ArrayList<>();
    private final Set<String> releaseKeys = new HashSet<>();
    private final LeafUndo undo = new LeafUndo();
    /** The release latest in merge order so far. */
    private int latestRelease;
    /** At most how many bytes of JSON this process's values are slices of (see {@link #heldBytes}). */
    private long heldBytes;
    /** The compiled release written to check the last merge, handed to the next caller that asks; null once handed. */
    private byte[] checked;

    /**
     * A merged release: its id, date and tag (compact JSON, or null), its place in the arrival order, the key that
     * recognises it again, and the digest of its content, which tells it from another with the same id and date.
     */
    record Release(String id, String date, byte[] tag, int sequence, String key, ContentDigest digest) {
    }

    /** What merging one release did: nothing, for a release seen before; and what the reference merge would warn of. */
    public record Outcome(boolean duplicate, List<String> warnings) {
    }

    /**
     * @param ocid        the contracting process
     * @param rules       the merge rules of its OCDS version
     * @param keepHistory whether to keep every value of every field, for the versioned release
     */
    public ProcessTree(String ocid, MergeRules rules, boolean keepHistory) {
        this.ocid = Objects.requireNonNull(ocid, "ocid");
        this.keepHistory = keepHistory;
        this.root = PathNode.root(rules);
    }

    public String ocid() {
        return ocid;
    }

    /** How many distinct releases have been merged. */
    public int releaseCount() {
        return releases.size();
    }

    boolean keepsHistory() {
        return keepHistory;
    }

    List<Release> releases() {
        return releases;
    }

    /** Puts back a release merged before, the next in arrival order, as {@link ProcessTreeCodec} reads a stored process. */
    void restore(Release release) {
        if (release.sequence() != releases.size()) {
            throw new IllegalArgumentException("release " + release.sequence() + " restored as number " + releases.size());
        }
        releases.add(release);
        releaseKeys.add(release.key());
        if (release.sequence() == 0 || !earlier(release.sequence(), latestRelease)) {
            latestRelease = release.sequence();
        }
    }

    /**
     * At most how many bytes of JSON this process keeps reachable, as its values are slices of them: the stored state it
     * was read from and the whole array of every release merged since (an undone merge is still counted). A cache of
     * processes weighs them by it.
     */
    public long heldBytes() {
        return heldBytes;
    }

    /** Counts the stored state a process was read from, whose bytes its values are slices of. */
    void holds(long bytes) {
        heldBytes += bytes;
    }

    /** The key that recognises a release with an id again: its id and date. */
    static String idKey(String releaseId, String date) {
        return "id:" + releaseId + "@" + date;
    }

    /**
     * Merges a release, given as UTF-8 JSON, checking that a compiled release can still be made. A release seen before
     * (the same content under the same id and date, or the same content where it has no id) changes nothing. One with
     * the id and date of one merged before but other content is merged too, after it, with a warning.
     *
     * @param contentDigest the digest of the release's content; asked for only when it repeats an id and date
     * @throws OcdsMergeException when the release is not JSON, not an object, belongs to another process, has no string
     *                            {@code date}, or would leave no compiled release to be made (then the state is as it was)
     */
    public Outcome merge(byte[] json, int offset, int length, Supplier<String> contentDigest) {
        return merge(json, offset, length, contentDigest, true);
    }

    /**
     * As {@link #merge}, without learning whether a compiled release can still be made: for merging many releases at
     * once, where {@link #compiledRelease()} after the last tells. When it cannot be made, merging them again one by one
     * with {@link #merge} finds the releases to leave out.
     */
    public Outcome mergeUnchecked(byte[] json, int offset, int length, Supplier<String> contentDigest) {
        return merge(json, offset, length, contentDigest, false);
    }

    private Outcome merge(byte[] json, int offset, int length, Supplier<String> contentDigest, boolean check) {
        ReleaseScanner scanned = SCANNERS.get();
        List<String> warnings = new ArrayList<>();
        int sequence = releases.size();
        try {
            if (!scanned.scan(json, offset, length, root, sequence, warnings)) {
                throw new OcdsMergeException(ocid, "a release must be a JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new OcdsMergeException(ocid, "the release is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new OcdsMergeException(ocid, "a release could not be read: " + e.getMessage());
        }
        if (!scanned.ocidIsText || !ocid.equals(scanned.ocid)) {
            throw new OcdsMergeException(ocid, "a release of " + scanned.ocid + " cannot be merged into this process");
        }
        String releaseId = scanned.id;
        if (scanned.date == null) {
            throw new OcdsMergeException(ocid, "release " + (releaseId == null ? "without id" : releaseId) + " has "
                    + (scanned.dateNotText == null ? "no date" : "a date that is not a string (" + scanned.dateNotText + ")")
                    + "; every release needs its date to be merged in order");
        }
        String date = scanned.date;
        String key = releaseId != null ? idKey(releaseId, date) : "content:" + sha256(json, offset, length);
        ContentDigest digest = releaseId == null ? ContentDigest.of(null)
                : ContentDigest.lazy(contentDigest);
        if (releaseKeys.contains(key)) {
            if (releaseId == null || seenWithSameContent(key, digest)) {
                return new Outcome(true, List.of());
            }
            warnings.add("release " + releaseId + " dated " + date + " repeats the id and date of a release merged before, "
                    + "with other content; both are merged, in the order they arrived");
        }
        releases.add(new Release(releaseId, date, scanned.tag, sequence, key, digest));
        heldBytes += json.length;
        boolean newKey = releaseKeys.add(key);
        undo.clear();
        // Most releases come in date order: one later than every other wins every leaf, and is first to none.
        int latestBefore = latestRelease;
        boolean latest = sequence == 0 || !earlier(sequence, latestRelease);
        if (latest) {
            latestRelease = sequence;
        }
        for (int position = 0; position < scanned.count; position++) {
            apply(scanned, position, sequence, latest, check);
        }
        checked = null;
        if (check) {
            try {
                // Written as the reference builds it, to learn whether it can be: a value that changed type may leave none.
                checked = compiledRelease();
            } catch (OcdsMergeException e) {
                undo.restore();
                latestRelease = latestBefore;
                releases.removeLast();
                if (newKey) {
                    releaseKeys.remove(key);
                }
                throw new OcdsMergeException(ocid, "release " + (releaseId == null ? "without id" : releaseId) + " dated " + date
                        + " is left out: " + e.problem());
            }
        }
        return new Outcome(false, List.copyOf(warnings));
    }

    /** Sets a leaf from the release at {@code sequence}, noting first how to put it back when the merge is checked. */
    private void apply(ReleaseScanner scanned, int position, int sequence, boolean latest, boolean undoable) {
        PathNode node = scanned.nodes[position];
        if (undoable) {
            undo.note(node);
        }
        byte[] bytes = scanned.values[position];
        int offset = scanned.offsets[position];
        int length = scanned.lengths[position];
        if (!node.leaf) {
            node.leaf = true;
            node.identifier = scanned.identifiers[position];
            node.setBy = sequence;
            node.firstRelease = sequence;
            node.firstPosition = position;
            node.bytes = bytes;
            node.offset = offset;
            node.length = length;
        } else {
            if (latest || !earlier(sequence, node.setBy)) {
                node.bytes = bytes;
                node.offset = offset;
                node.length = length;
                node.setBy = sequence;
            }
            if (!latest && earlier(sequence, node.firstRelease)) {
                node.firstRelease = sequence;
                node.firstPosition = position;
            }
        }
        if (keepHistory) {
            if (node.history == null) {
                node.history = new ArrayList<>(2);
            }
            node.history.add(new PathNode.Version(sequence, bytes, offset, length));
        }
    }

    /** Whether a release merged under this key had the same content (one stored before digests were kept counts as the same). */
    private boolean seenWithSameContent(String key, ContentDigest digest) {
        for (Release merged : releases) {
            if (merged.key().equals(key)) {
                String known = merged.digest().value();
                if (known == null || known.equals(digest.value())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The compiled release as compact JSON: the latest value of every field, with {@code tag}, {@code id} and
     * {@code date} of the merge.
     *
     * @throws OcdsMergeException when none can be made (merged {@link #mergeUnchecked unchecked}, a value changed type)
     */
    public byte[] compiledRelease() {
        byte[] compiled = checked;
        checked = null;
        return compiled != null ? compiled : new TreeWriter(this).compiledRelease();
    }

    /** The versioned release as compact JSON: every field's values in date order, each with the release that gave it. */
    public byte[] versionedRelease() {
        if (!keepHistory) {
            throw new IllegalStateException("this process was merged without history; create it with keepHistory");
        }
        return new TreeWriter(this).versionedRelease();
    }

    private boolean earlier(int release, int other) {
        return RELEASE_ORDER.compare(releases.get(release), releases.get(other)) < 0;
    }

    private static String sha256(byte[] bytes, int offset, int length) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(bytes, offset, length);
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** What puts the leaves a release set back as they were, should it be left out. */
    private static final class LeafUndo {
        private final List<Runnable> steps = new ArrayList<>();

        void clear() {
            steps.clear();
        }

        void note(PathNode node) {
            if (!node.leaf) {
                steps.add(() -> {
                    node.leaf = false;
                    node.bytes = null;
                    node.history = null;
                });
                return;
            }
            byte[] bytes = node.bytes;
            int offset = node.offset;
            int length = node.length;
            int setBy = node.setBy;
            int firstRelease = node.firstRelease;
            int firstPosition = node.firstPosition;
            int versions = node.history == null ? -1 : node.history.size();
            steps.add(() -> {
                node.bytes = bytes;
                node.offset = offset;
                node.length = length;
                node.setBy = setBy;
                node.firstRelease = firstRelease;
                node.firstPosition = firstPosition;
                if (versions < 0) {
                    node.history = null;
                } else {
                    node.history.subList(versions, node.history.size()).clear();
                }
            });
        }

        void restore() {
            steps.reversed().forEach(Runnable::run);
            steps.clear();
        }
    }
}
