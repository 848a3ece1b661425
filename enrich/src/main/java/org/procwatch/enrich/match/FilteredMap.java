package org.procwatch.enrich.match;

import com.carrotsearch.hppc.LongObjectHashMap;

/** A map of 64-bit keys, frozen, with the {@link KeyFilter} of its keys in front: most keys asked for are not there. */
final class FilteredMap<V> {

    private final LongObjectHashMap<V> map;
    private final KeyFilter keys;

    FilteredMap(LongObjectHashMap<V> map) {
        this.map = map;
        this.keys = KeyFilter.of(map.keys());
    }

    /** The value under the key, or null. */
    V get(long key) {
        return keys.mayContain(key) ? map.get(key) : null;
    }
}
