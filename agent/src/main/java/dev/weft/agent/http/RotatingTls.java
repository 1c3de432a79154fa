package dev.weft.agent.http;

import dev.weft.agent.config.TlsConfig;
import dev.weft.agent.support.WeftLog;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The endpoint's TLS context, which follows its key store: the JDK server takes one
 * {@link SSLContext} for its life, so the one it is given hands each new connection an engine of the
 * context made from the key store as it is now. When a connection comes, at most once a second, Weft
 * looks whether the key store file (its modification time, size and identity) or its password
 * changed, and if so loads it; new connections then get the new certificate. A key store that cannot
 * be used (half copied, wrong password, no key) leaves the previous certificate in force, and Weft
 * says so once.
 */
final class RotatingTls {

    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What the context was made from: the key store file's version and the password. */
    private record Version(String file, String password) {
    }

    /** A context and the certificate it serves. */
    private record Loaded(SSLContext context, X509Certificate certificate) {
    }

    private final TlsConfig tls;
    private final SSLContext context;
    private final ReentrantLock looking = new ReentrantLock();
    private volatile SSLContext current;
    private volatile long nextCheck;
    // guarded by looking
    private Version version;
    private Version suspect;
    private Version refused;

    private RotatingTls(TlsConfig tls, SSLContext first, Version version) {
        this.tls = tls;
        this.current = first;
        this.version = version;
        this.nextCheck = System.nanoTime() + CHECK_NANOS;
        this.context = new SSLContext(new Following(), first.getProvider(), first.getProtocol()) {
        };
    }

    /** A context for the server that follows the key store; throws when the key store cannot be used now. */
    static SSLContext of(TlsConfig tls) throws IOException {
        Version version = versionNow(tls);
        try {
            return new RotatingTls(tls, load(tls.keystore(), version.password()).context(), version).context;
        } catch (IOException | GeneralSecurityException e) {
            // e.g. "keystore password was incorrect": say which key store
            throw new IOException("cannot use the key store " + tls.keystore() + ": " + e.getMessage(), e);
        }
    }

    /** A TLS context with the key and certificate of a PKCS#12 key store. */
    private static Loaded load(Path keystore, String password) throws IOException, GeneralSecurityException {
        char[] chars = password.toCharArray();
        // A FileInputStream, not a channel: a read on a thread that is being interrupted still reads.
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, chars);
            X509Certificate certificate = certificate(store);
            if (certificate == null) {
                throw new GeneralSecurityException("it holds no private key with a certificate");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, chars);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new Loaded(context, certificate);
        }
    }

    private static X509Certificate certificate(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate instanceof X509Certificate x509) {
                    return x509;
                }
            }
        }
        return null;
    }

    private static Version versionNow(TlsConfig tls) {
        String file;
        try {
            BasicFileAttributes attributes = Files.readAttributes(tls.keystore(), BasicFileAttributes.class);
            file = attributes.lastModifiedTime() + " " + attributes.size() + " " + attributes.fileKey();
        } catch (IOException e) {
            file = "unreadable: " + (e instanceof NoSuchFileException ? "no such file" : e.toString());
        }
        return new Version(file, tls.password().valueNow());
    }

    /** The context to make this connection's engine from, after a look at the key store if one is due. */
    private SSLContext current() {
        long now = System.nanoTime();
        // A connection being closed unread runs on an interrupted thread: it has no handshake to make.
        if (now - nextCheck >= 0 && !Thread.currentThread().isInterrupted() && looking.tryLock()) {
            try {
                if (now - nextCheck >= 0) {
                    nextCheck = now + CHECK_NANOS;
                    look();
                }
            } catch (RuntimeException e) {
                WeftLog.warnOnce("tls:" + tls.keystore() + ":" + e.getClass().getName(), "cannot look at the key store "
                        + tls.keystore() + " (" + e + "): the endpoint keeps its certificate");
            } finally {
                looking.unlock();
            }
        }
        return current;
    }

    private void look() {
        Version seen = versionNow(tls);
        if (seen.equals(version) || seen.equals(refused)) {
            return;
        }
        try {
            Loaded fresh = load(tls.keystore(), seen.password());
            if (!seen.equals(versionNow(tls))) {
                return; // written while it was read: read again at the next look
            }
            current = fresh.context();
            version = seen;
            suspect = null;
            refused = null;
            WeftLog.info("the key store " + tls.keystore() + " changed: new connections get its certificate ("
                    + fresh.certificate().getSubjectX500Principal().getName() + ", valid until "
                    + fresh.certificate().getNotAfter().toInstant() + ")");
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            if (seen.equals(suspect)) {
                refused = seen;
                suspect = null;
                WeftLog.warn("cannot use the changed key store " + tls.keystore() + " (" + e.getMessage()
                        + "): the endpoint keeps its previous certificate until the file changes");
            } else {
                suspect = seen; // perhaps caught half copied: looked at again
            }
        }
    }

    /** What the server's context does: everything by the context of the key store as it is now. */
    private final class Following extends SSLContextSpi {

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
            throw new IllegalStateException("made from the key store " + tls.keystore());
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return current().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return current().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return current().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return current().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return current.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return current.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return current.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return current.getSupportedSSLParameters();
        }
    }
}
