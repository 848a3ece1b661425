package org.procwatch.launcher.cli;

/** The JAAS line a Kafka client logs in with by SCRAM. */
public final class ScramLogin {

    private ScramLogin() {
    }

    /** Quoted as JAAS reads it, so that a password holding a quote or a backslash stays one value. */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=" + quoted(user) + " password=" + quoted(password) + ";";
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
