package dev.orgalytics.ingest;

import java.util.regex.Pattern;

/**
 * What an action's name may be: a lower-case letter, then up to {@link #MAX_LENGTH} - 1 of
 * {@code a-z 0-9 _ . : -}. It is checked where names come in (the action endpoint, the catalog, the
 * reports' parameters) and stated in the API description ({@code openapi.json}, kept equal by a
 * unit test); the {@code ACTION} columns hold exactly {@link #MAX_LENGTH} characters.
 */
public final class ActionName {

    public static final int MAX_LENGTH = 64;
    public static final Pattern PATTERN = Pattern.compile("^[a-z][a-z0-9_.:-]{0," + (MAX_LENGTH - 1) + "}$");

    private ActionName() {
    }

    public static boolean valid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }
}
