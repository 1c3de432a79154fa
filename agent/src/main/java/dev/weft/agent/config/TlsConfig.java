package dev.weft.agent.config;

import java.nio.file.Path;

/**
 * {@code exporters.prometheus.tls}: the endpoint serves HTTPS with the key and certificate of a
 * PKCS#12 key store.
 *
 * @param keystore       the {@code .p12} file
 * @param password       its password; never printed
 * @param passwordSource where the password came from, for messages
 */
public record TlsConfig(Path keystore, char[] password, String passwordSource) {

    @Override
    public String toString() {
        return "TLS with " + keystore + " (password from " + passwordSource + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TlsConfig that && keystore.equals(that.keystore)
                && java.util.Arrays.equals(password, that.password);
    }

    @Override
    public int hashCode() {
        return keystore.hashCode();
    }
}
