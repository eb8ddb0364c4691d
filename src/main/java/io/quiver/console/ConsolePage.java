package io.quiver.console;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The console's static files at {@code /dashboard/}: its page, script and style from the jar
 * ({@code console/} on the classpath), and uPlot, its chart library, from the uPlot WebJar beside it
 * at {@code /dashboard/lib/uplot/}. Nothing is fetched from anywhere else. The files hold no data, so
 * they are served without the password: the page asks for it and sends it with every API call
 * ({@code /dashboard/api/}, which this handler passes on to the authenticated routes).
 */
public final class ConsolePage {
    public static final String PATH = "/dashboard";
    static final String API = PATH + "/api/";
    private static final String LIB = PATH + "/lib/uplot/";

    private ConsolePage() {
    }

    /**
     * Adds the console's file routes to {@code web}; put them before the authentication handler,
     * and the API routes after it.
     */
    public static void mount(Router web) {
        // no caching: the URLs carry no version, and a browser must not keep last release's script for a day
        StaticHandler page = StaticHandler.create("console").setDefaultContentEncoding("UTF-8").setCachingEnabled(false);
        StaticHandler uplot = StaticHandler.create("META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist")
                .setCachingEnabled(false);
        web.get(PATH).handler(ctx -> { // vertx-web lets this route match "/dashboard/" too
            if (ctx.request().path().equals(PATH)) {
                ctx.redirect(PATH + "/");
            } else {
                ctx.next();
            }
        });
        web.get(LIB + "*").handler(uplot);
        web.get(PATH + "/*").handler(ctx -> {
            if (ctx.normalizedPath().startsWith(API)) {
                ctx.next();
            } else {
                page.handle(ctx);
            }
        });
    }

    /** The version of the uPlot WebJar on the classpath, from its Maven properties, so a bump in pom.xml needs nothing here. */
    static String uplotVersion() {
        try (InputStream in = ConsolePage.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is not on the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the uPlot WebJar's version", e);
        }
    }
}
