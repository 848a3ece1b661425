package org.procwatch.enrich.match;

/**
 * What scoring reads of the watchlist's names, all in one {@code int[]}: a name's record is known by where it begins.
 * A record holds the name's number, its size, the {@link WordTable#hash} of its words run together, its legal forms'
 * bits, its total weight, and for each word {@code distinctive << 31 | number}, its {@link WatchlistIndex#typoKey} and
 * its weight's float bits. At a million names every object followed to a candidate is a miss of the processor's
 * caches; a candidate's {@link WatchlistIndex#entry entry} says where its record begins, so scoring it is one miss (or
 * two adjacent lines), and the name's {@link WatchlistIndex.Variant} is read only when it matches. A weight is a
 * float: ample for a logarithm below 15, and the query's weights are the same floats.
 */
final class NameRecords {

    private static final int HEADER = 8;

    private final int[] records;

    private NameRecords(int[] records) {
        this.records = records;
    }

    /** The name's number. */
    int name(int at) {
        return records[at];
    }

    /** How many words. */
    int size(int at) {
        return records[at + 1];
    }

    long joinedKey(int at) {
        return getLong(at + 2);
    }

    long legalFormBits(int at) {
        return getLong(at + 4);
    }

    double totalWeight(int at) {
        return Double.longBitsToDouble(getLong(at + 6));
    }

    /** The number of the word at {@code i}. */
    int number(int at, int i) {
        return records[at + HEADER + 3 * i] & Integer.MAX_VALUE;
    }

    boolean distinctive(int at, int i) {
        return records[at + HEADER + 3 * i] < 0;
    }

    int typoKey(int at, int i) {
        return records[at + HEADER + 3 * i + 1];
    }

    float weight(int at, int i) {
        return Float.intBitsToFloat(records[at + HEADER + 3 * i + 2]);
    }

    private long getLong(int at) {
        return (long) records[at] << 32 | records[at + 1] & 0xFFFFFFFFL;
    }

    /**
     * The records laid out from the names' sizes alone, so that where each begins is known before its words' numbers
     * are (the words' table holds the names' entries, and an entry says where the record begins).
     */
    static final class Builder {

        private final int[] records;
        private final int[] starts;

        /** Room for names of these sizes, by name number. */
        Builder(int[] sizes) {
            starts = new int[sizes.length];
            long length = 0;
            for (int name = 0; name < sizes.length; name++) {
                starts[name] = Math.toIntExact(length);
                length += HEADER + 3L * sizes[name];
            }
            records = new int[Math.toIntExact(length)];
        }

        /** Where the record of the name numbered so begins. */
        int start(int name) {
            return starts[name];
        }

        /** Writes the record of a name: its words by their numbers in the table. */
        void put(int name, long joinedKey, long legalFormBits, int[] numbers, WordTable words, double totalWeight) {
            int at = starts[name];
            records[at] = name;
            records[at + 1] = numbers.length;
            putLong(at + 2, joinedKey);
            putLong(at + 4, legalFormBits);
            putLong(at + 6, Double.doubleToRawLongBits(totalWeight));
            for (int i = 0; i < numbers.length; i++) {
                int number = numbers[i];
                records[at + HEADER + 3 * i] = (words.isDistinctive(number) ? Integer.MIN_VALUE : 0) | number;
                records[at + HEADER + 3 * i + 1] = words.typoKey(number);
                records[at + HEADER + 3 * i + 2] = Float.floatToRawIntBits(words.weight(number));
            }
        }

        private void putLong(int at, long value) {
            records[at] = (int) (value >>> 32);
            records[at + 1] = (int) value;
        }

        NameRecords build() {
            return new NameRecords(records);
        }
    }
}
