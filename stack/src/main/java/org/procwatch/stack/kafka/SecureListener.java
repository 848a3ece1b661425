package org.procwatch.stack.kafka;

import org.procwatch.stack.files.PrivateFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A SASL_SSL listener for the local broker, for testing clients configured as production ones are: TLS with
 * a self-signed certificate for 127.0.0.1 (made with the JDK's keytool) and SCRAM-SHA-512 with one user.
 *
 * @param port     the listener's port
 * @param keystore the broker's PKCS12 key store
 * @param password the key store's password
 * @param user     the SCRAM user the broker knows
 * @param secret   that user's password
 * @param authorizes whether the broker authorizes every request by its ACLs (the user and the broker's own
 *                   plaintext listener being super users), as a production broker does
 */
public record SecureListener(int port, Path keystore, String password, String user, String secret, boolean authorizes) {

    public static final String MECHANISM = "SCRAM-SHA-512";

    /** Makes a key pair and self-signed certificate for 127.0.0.1 in {@code folder}, and its PEM for clients' trust. */
    public static SecureListener create(Path folder, int port, String user, String secret) throws IOException {
        PrivateFolders.create(folder);
        String password = "broker-" + Long.toHexString(System.nanoTime());
        Path keystore = folder.resolve("broker.p12");
        Files.deleteIfExists(keystore);
        keytool(folder, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password);
        keytool(folder, "-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", password,
                "-file", folder.resolve("broker.pem").toString());
        return new SecureListener(port, keystore, password, user, secret, false);
    }

    /** The same listener on a broker that allows only what ACLs grant (StandardAuthorizer, nothing without an ACL). */
    public SecureListener authorizing() {
        return new SecureListener(port, keystore, password, user, secret, true);
    }

    /** The certificate clients trust, in PEM ({@code ssl.truststore.type=PEM}). */
    public Path certificate() {
        return keystore.resolveSibling("broker.pem");
    }

    /** The broker's settings for this listener. */
    Map<String, String> brokerConfig() {
        String prefix = "listener.name.sasl_ssl.";
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "sasl.enabled.mechanisms", MECHANISM,
                prefix + "scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                prefix + "ssl.keystore.location", keystore.toString(),
                prefix + "ssl.keystore.password", password,
                prefix + "ssl.keystore.type", "PKCS12",
                prefix + "ssl.key.password", password));
        if (authorizes) {
            config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            // The plaintext listener is the broker's own (its controller and readiness checks), as anonymous.
            config.put("super.users", "User:ANONYMOUS;User:" + user);
        }
        return config;
    }

    /** The user's credentials, as the storage tool adds them when it formats the broker's storage. */
    List<String> formatArguments() {
        return List.of("--add-scram", MECHANISM + "=[name=" + user + ",password=" + secret + "]");
    }

    /** Client properties that connect as the user, as a {@code --kafka-config} file holds them. */
    public Map<String, String> clientConfig() {
        return Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                        + "\" password=\"" + secret + "\";",
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", certificate().toString());
    }

    private static void keytool(Path folder, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
