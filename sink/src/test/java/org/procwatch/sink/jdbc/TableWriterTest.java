package org.procwatch.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What PostgreSQL cannot hold is marked, not refused: a NUL would otherwise keep a whole record out of the tables. */
class TableWriterTest {

    @Test
    void shouldStoreNulAsTheReplacementCharacter() {
        assertThat(TableWriter.storable("CCTV \u0000 upgrade")).isEqualTo("CCTV \ufffd upgrade");
        assertThat(TableWriter.storable("plain")).isEqualTo("plain");
        assertThat(TableWriter.storable(null)).isNull();
    }

    @Test
    void shouldReplaceOnlyRealNulEscapesInJson() {
        assertThat(TableWriter.storableJson("{\"title\": \"NUL\\u0000here\"}")).isEqualTo("{\"title\": \"NUL\\ufffdhere\"}");
        // An escaped backslash followed by the letters u0000 is text, not a NUL: it stays as written.
        assertThat(TableWriter.storableJson("{\"title\": \"C:\\\\u0000\"}")).isEqualTo("{\"title\": \"C:\\\\u0000\"}");
        assertThat(TableWriter.storableJson("{\"title\": \"\\\\\\u0000\"}")).isEqualTo("{\"title\": \"\\\\\\ufffd\"}");
    }
}
