package org.procwatch.enrich.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameRecordsTest {

    @Test
    void readsBackEachNameWhereItsRecordBegins() {
        WordTable.Builder read = new WordTable.Builder();
        read.add("hikvision", 0);
        read.add("digital", 0);
        read.add("dahua", 1);
        WordTable words = read.build(new float[] {9.5f, 0.25f, 7.75f}, new boolean[] {true, false, true},
                new int[] {11, 22, 0}, name -> name);
        int hikvision = read.numberInTable(0);
        int digital = read.numberInTable(1);
        int dahua = read.numberInTable(2);
        NameRecords.Builder built = new NameRecords.Builder(new int[] {2, 1});

        built.put(1, -5L, 1L << 40, new int[] {dahua}, words, 7.75);
        built.put(0, 123L, 6L, new int[] {hikvision, digital}, words, 9.75);
        NameRecords records = built.build();

        int first = built.start(0);
        int second = built.start(1);
        assertThat(second).as("records lie in the names' order").isGreaterThan(first);
        assertThat(records.name(first)).isZero();
        assertThat(records.size(first)).isEqualTo(2);
        assertThat(records.joinedKey(first)).isEqualTo(123L);
        assertThat(records.legalFormBits(first)).isEqualTo(6L);
        assertThat(records.totalWeight(first)).isEqualTo(9.75);
        assertThat(records.number(first, 0)).isEqualTo(hikvision);
        assertThat(records.number(first, 1)).isEqualTo(digital);
        assertThat(records.distinctive(first, 0)).isTrue();
        assertThat(records.distinctive(first, 1)).isFalse();
        assertThat(records.typoKey(first, 0)).isEqualTo(11);
        assertThat(records.weight(first, 1)).isEqualTo(0.25f);
        assertThat(records.name(second)).isEqualTo(1);
        assertThat(records.size(second)).isEqualTo(1);
        assertThat(records.joinedKey(second)).isEqualTo(-5L);
        assertThat(records.legalFormBits(second)).isEqualTo(1L << 40);
        assertThat(records.number(second, 0)).isEqualTo(dahua);
        assertThat(records.weight(second, 0)).isEqualTo(7.75f);
    }
}
