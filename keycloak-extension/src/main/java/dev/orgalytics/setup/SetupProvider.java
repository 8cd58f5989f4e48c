package dev.orgalytics.setup;

import org.keycloak.provider.Provider;

/** The provider type of {@link SetupSpi}: an SPI names one, though this one has nothing to provide. */
public interface SetupProvider extends Provider {
}
