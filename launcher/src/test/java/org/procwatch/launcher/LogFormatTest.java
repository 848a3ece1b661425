package org.procwatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.junit.jupiter.api.Test;

/** The text log format of log4j2.xml, as the apps write it: what a source puts in a message stays on its line. */
class LogFormatTest {

    @Test
    void shouldKeepAForgedLineAndTerminalEscapesOutOfTheLog() throws Exception {
        PatternLayout layout = PatternLayout.newBuilder().withConfiguration(new DefaultConfiguration()).withPattern(textPattern()).build();
        String ocid = "ocds-1\r\n12:00:00 INFO  PostgresSink     all records written\u001b[2J\u0007";

        String line = layout.toSerializable(Log4jLogEvent.newBuilder().setLoggerName("org.procwatch.sink.PostgresSink").setLevel(Level.WARN)
                .setMessage(new ParameterizedMessage("Record {} refused", ocid)).build());

        assertThat(line).endsWith(System.lineSeparator());
        assertThat(line.substring(0, line.length() - System.lineSeparator().length())).doesNotContain("\r", "\n", "\u001b", "\u0007")
                .contains("Record ocds-1\\r\\n12:00:00 INFO  PostgresSink     all records written?[2J? refused");
    }

    /** The pattern of the text (not JSON) layout in the main log4j2.xml. */
    private static String textPattern() throws Exception {
        try (InputStream in = LogFormatTest.class.getResourceAsStream("/log4j2.xml")) {
            String xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            Matcher pattern = Pattern.compile("<PatternLayout pattern=\"([^\"]+)\"").matcher(xml);
            assertThat(pattern.find()).as("log4j2.xml has a text layout").isTrue();
            return pattern.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
        }
    }
}
