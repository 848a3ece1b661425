package org.procwatch.enrich.match;

/**
 * What scoring reads of a watchlist name, in one {@code int[]}: its number, the {@link WordTable#hash} of its words run
 * together, its legal forms' bits, its total weight, and for each word {@code distinctive << 31 | number}, its {@link
 * WatchlistIndex#typoKey} and its weight's float bits. At a million names every object followed to a candidate is a miss
 * of the processor's caches; a candidate scored through its record is one (or two adjacent lines), and the name's
 * {@link WatchlistIndex.Variant} is read only when it matches. A weight is a float: ample for a logarithm below 15, and the
 * query's weights are the same floats.
 */
final class NameRecord {

    private static final int HEADER = 7;

    private NameRecord() {
    }

    /** The record of the name numbered so, of these words (by their numbers in the table) and this total weight. */
    static int[] of(int name, long joinedKey, long legalFormBits, int[] numbers, WordTable words, double totalWeight) {
        int[] record = new int[HEADER + 3 * numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            int number = numbers[i];
            record[HEADER + 3 * i] = (words.isDistinctive(number) ? Integer.MIN_VALUE : 0) | number;
            record[HEADER + 3 * i + 1] = words.typoKey(number);
            record[HEADER + 3 * i + 2] = Float.floatToRawIntBits(words.weight(number));
        }
        record[0] = name;
        putLong(record, 1, joinedKey);
        putLong(record, 3, legalFormBits);
        putLong(record, 5, Double.doubleToRawLongBits(totalWeight));
        return record;
    }

    static int name(int[] record) {
        return record[0];
    }

    static long joinedKey(int[] record) {
        return getLong(record, 1);
    }

    static long legalFormBits(int[] record) {
        return getLong(record, 3);
    }

    static double totalWeight(int[] record) {
        return Double.longBitsToDouble(getLong(record, 5));
    }

    /** How many words. */
    static int size(int[] record) {
        return (record.length - HEADER) / 3;
    }

    /** The number of the word at {@code i}. */
    static int number(int[] record, int i) {
        return record[HEADER + 3 * i] & Integer.MAX_VALUE;
    }

    static boolean distinctive(int[] record, int i) {
        return record[HEADER + 3 * i] < 0;
    }

    static int typoKey(int[] record, int i) {
        return record[HEADER + 3 * i + 1];
    }

    static float weight(int[] record, int i) {
        return Float.intBitsToFloat(record[HEADER + 3 * i + 2]);
    }

    private static void putLong(int[] record, int at, long value) {
        record[at] = (int) (value >>> 32);
        record[at + 1] = (int) value;
    }

    private static long getLong(int[] record, int at) {
        return (long) record[at] << 32 | record[at + 1] & 0xFFFFFFFFL;
    }
}
