package io.quiver.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quiver.client.OpTiming;
import io.quiver.http.RequestTiming;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers of Quiver's code, checked on the compiled classes: protocol front ends → service layer
 * → shard client → shards → stores, each using only what lies below it; the build fails on any
 * dependency that points up.
 */
class LayeringTest {
    private static final JavaClasses QUIVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.quiver");

    @Test
    void everyLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("App").definedBy("io.quiver.app..")
                .layer("Tools").definedBy("io.quiver.cli..", "io.quiver.bench..")
                .layer("FrontEnds").definedBy("io.quiver.resp..", "io.quiver.http..", "io.quiver.console..")
                .layer("Service").definedBy("io.quiver.service..")
                .layer("Catalog").definedBy("io.quiver.catalog..")
                .layer("Client").definedBy("io.quiver.client..")
                .layer("Shard").definedBy("io.quiver.shard..")
                .layer("Persist").definedBy("io.quiver.persist..")
                .layer("Stores").definedBy("io.quiver.kv..", "io.quiver.vector..")
                .layer("Base").definedBy("io.quiver.config..", "io.quiver.error..", "io.quiver.metrics..",
                        "io.quiver.security..", "io.quiver.status..")

                // the benchmark starts a real server in its own JVM; the CLI splits lines as RESP's inline form does
                .whereLayer("App").mayOnlyBeAccessedByLayers("Tools")
                .whereLayer("FrontEnds").mayOnlyBeAccessedByLayers("App", "Tools")
                .whereLayer("Service").mayOnlyBeAccessedByLayers("FrontEnds", "App", "Tools")
                .whereLayer("Catalog").mayOnlyBeAccessedByLayers("Service", "App")
                .whereLayer("Client").mayOnlyBeAccessedByLayers("Service", "App")
                .whereLayer("Shard").mayOnlyBeAccessedByLayers("Client", "Service", "Persist", "App", "Tools")
                .whereLayer("Persist").mayOnlyBeAccessedByLayers("App")
                .whereLayer("Stores").mayOnlyBeAccessedByLayers("FrontEnds", "Service", "Catalog", "Client", "Shard",
                        "Persist", "App", "Tools")
                // the one thing a front end hands the shard client: the callback that times its request
                .ignoreDependency(RequestTiming.class, OpTiming.class)
                .check(QUIVER);
    }

    @Test
    void theStoresUseNeitherVertxNorAnyProtocol() {
        noClasses().that().resideInAnyPackage("io.quiver.kv..", "io.quiver.vector..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..")
                .check(QUIVER);
    }

    @Test
    void persistenceUsesTheShardsAndTheStoresOnly() {
        noClasses().that().resideInAPackage("io.quiver.persist..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quiver.service..", "io.quiver.client..",
                        "io.quiver.catalog..", "io.quiver.resp..", "io.quiver.http..", "io.quiver.app..")
                .check(QUIVER);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().matching("io.quiver.(*)..").should().beFreeOfCycles().check(QUIVER);
    }
}
