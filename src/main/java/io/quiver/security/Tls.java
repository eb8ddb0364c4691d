package io.quiver.security;

import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * TLS for a front end's server socket, from the PEM files named by {@code tls-cert-file} and
 * {@code tls-key-file} (the loader has checked both are set and readable). Both front ends call
 * this, so they are either both TLS or both plain.
 */
public final class Tls {
    private Tls() {
    }

    /** Turns TLS on in {@code options} when the configuration names a certificate; returns the options. */
    public static <T extends NetServerOptions> T apply(QuiverConfig config, T options) {
        if (config.tls()) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.get(ConfigKeys.TLS_CERT_FILE))
                    .setKeyPath(config.get(ConfigKeys.TLS_KEY_FILE)));
        }
        return options;
    }
}
