package dev.orgalytics.setup;

import org.keycloak.provider.ProviderFactory;

/** The factory type of {@link SetupSpi}; its implementations are listed in the service file of this name. */
public interface SetupProviderFactory extends ProviderFactory<SetupProvider> {
}
