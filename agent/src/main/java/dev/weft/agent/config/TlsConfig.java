package dev.weft.agent.config;

import java.nio.file.Path;

/**
 * {@code exporters.prometheus.tls}: the endpoint serves HTTPS with the key and certificate of a
 * PKCS#12 key store. The endpoint re-reads the key store when it changes, and a password read from
 * a file follows the file ({@link Secret}).
 *
 * @param keystore the {@code .p12} file
 * @param password its password; never printed
 */
public record TlsConfig(Path keystore, Secret password) {

    @Override
    public String toString() {
        return "TLS with " + keystore + " (password from " + password.source() + ")";
    }
}
