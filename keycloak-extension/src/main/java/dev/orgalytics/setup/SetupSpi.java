package dev.orgalytics.setup;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The extension's own SPI {@value #NAME}, whose one provider ({@link OrgAnalyticsSetupFactory})
 * exists for its lifecycle: Keycloak gives every provider factory its boot hooks, and none of
 * Keycloak's SPIs is about setting things up. Nothing asks for a {@link SetupProvider}.
 */
public final class SetupSpi implements Spi {

    public static final String NAME = "org-analytics-setup";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return SetupProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return SetupProviderFactory.class;
    }
}
