package org.procwatch.schemas.watchlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProductCodePatternTest {

    @Test
    void shouldFindTheBundledFirmsModelNumbers() {
        ProductCodePattern hikvision = ProductCodePattern.compile("(?i)\\bi?DS-2C[DE]\\d[0-9A-Z]{2,}(?:-[0-9A-Z/]+)*"); // as the bundled watchlist has it

        assertThat(hikvision.findIn("12 x DS-2CD2143G2-I dome cameras")).hasValue("DS-2CD2143G2-I");
        assertThat(hikvision.startIn("12 x DS-2CD2143G2-I dome cameras")).isEqualTo(5);
        assertThat(hikvision.findIn("IPC-2221 design standard")).isEmpty();
        assertThat(hikvision.startIn("nothing here")).isEqualTo(-1);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a hang, not a measure: backtracking would take years
    void shouldMatchInLinearTimeWhatWouldMakeABacktrackingEngineRunForever() {
        // (a+)+$ against a long run of a's that ends otherwise: java.util.regex tries 2^n ways to split the run.
        ProductCodePattern nested = ProductCodePattern.compile("(a+)+$");
        String hostile = "a".repeat(100_000) + "!";

        assertThat(nested.findIn(hostile)).isEmpty();
        assertThat(nested.findIn("aaa")).hasValue("aaa");
    }

    @Test
    void shouldRefuseWhatRe2CannotMatchInLinearTimeSayingSo() {
        assertThatThrownBy(() -> ProductCodePattern.compile("(DS)-\\1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RE2");
        assertThatThrownBy(() -> ProductCodePattern.compile("DS-(?=2C)")).isInstanceOf(IllegalArgumentException.class);
    }
}
