package dev.orgalytics.store;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Row ids in the UUID version 7 layout: 48 bits of epoch milliseconds, then random bits. Rows
 * inserted together get neighbouring keys, so the primary-key index grows at its right edge
 * instead of splitting random pages, which keeps bulk ingestion fast.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String timeOrdered() {
        return timeOrdered(System.currentTimeMillis()).toString();
    }

    static UUID timeOrdered(long epochMillis) {
        long msb = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long lsb = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
