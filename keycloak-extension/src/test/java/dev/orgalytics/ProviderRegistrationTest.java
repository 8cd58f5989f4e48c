package dev.orgalytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

import dev.orgalytics.admin.OrgAnalyticsAdminFactory;
import dev.orgalytics.capture.OrgAnalyticsEventListenerFactory;
import dev.orgalytics.ingest.ActionResourceProviderFactory;
import dev.orgalytics.setup.OrgAnalyticsSetupFactory;
import dev.orgalytics.setup.SetupSpi;
import dev.orgalytics.store.OrgAnalyticsStoreFactory;

/**
 * Keycloak finds providers through {@code META-INF/services} files, the way {@link ServiceLoader}
 * reads them: each SPI the extension implements lists exactly its one factory, under the id
 * {@code org-analytics}, and the extension's own SPI is listed too.
 */
class ProviderRegistrationTest {

    private static final Map<Class<?>, Class<?>> FACTORIES = Map.of(
            JpaEntityProviderFactory.class, OrgAnalyticsStoreFactory.class,
            EventListenerProviderFactory.class, OrgAnalyticsEventListenerFactory.class,
            RealmResourceProviderFactory.class, ActionResourceProviderFactory.class,
            AdminRealmResourceProviderFactory.class, OrgAnalyticsAdminFactory.class,
            new SetupSpi().getProviderFactoryClass(), OrgAnalyticsSetupFactory.class);

    @Test
    void eachSpiListsItsOneFactoryUnderTheProviderId() {
        FACTORIES.forEach((spi, factory) -> {
            List<ServiceLoader.Provider<?>> ours = ours(spi);
            assertEquals(List.of(factory), ours.stream().map(ServiceLoader.Provider::type).toList(), spi.getName());
            assertEquals(OrgAnalytics.PROVIDER_ID, ((ProviderFactory<?>) ours.get(0).get()).getId(), factory.getName());
        });
    }

    @Test
    void theSetupSpiIsListed() {
        assertEquals(List.of(SetupSpi.class), ours(Spi.class).stream().map(ServiceLoader.Provider::type).toList());
    }

    /** The extension's entries only: Keycloak's own jars on the test class path list theirs. */
    private static List<ServiceLoader.Provider<?>> ours(Class<?> service) {
        return ServiceLoader.load(service).stream()
                .filter(p -> p.type().getName().startsWith("dev.orgalytics."))
                .<ServiceLoader.Provider<?>>map(p -> p)
                .toList();
    }
}
