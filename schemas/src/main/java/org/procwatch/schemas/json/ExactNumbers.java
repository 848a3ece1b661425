package org.procwatch.schemas.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * How every mapper that reads a publisher's OCDS into trees is set up, so that a number comes out as it went in:
 * a decimal is read as a {@code BigDecimal}, never a double ({@code 1200000000000.0} would come back
 * {@code 1.2E12}), and kept with its scale, where Jackson's trees otherwise strip trailing zeros ({@code 13452.0}
 * would come back {@code 13452}). The reference merge keeps both as published; so must procwatch.
 */
public final class ExactNumbers {

    private ExactNumbers() {
    }

    /** The builder, set to read decimals exactly. */
    public static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B exact(B builder) {
        return builder.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).nodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    }
}
