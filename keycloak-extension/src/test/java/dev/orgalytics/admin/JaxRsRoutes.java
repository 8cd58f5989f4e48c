package dev.orgalytics.admin;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

/**
 * The routes a JAX-RS resource class answers, read from its annotations: {@code "GET /users/{userId}"}
 * for each resource method, following sub-resource locators (a {@code @Path} method without an HTTP
 * method) into the class they return. Paths are relative to the class's mount point.
 */
public final class JaxRsRoutes {

    private JaxRsRoutes() {
    }

    public static Set<String> of(Class<?> resource) {
        Set<String> out = new TreeSet<>();
        collect(resource, "", out, 0);
        return out;
    }

    private static void collect(Class<?> resource, String prefix, Set<String> out, int depth) {
        if (depth > 8) {
            throw new IllegalStateException("Sub-resource locators nest too deep at " + resource);
        }
        for (Method m : resource.getMethods()) {
            Path path = m.getAnnotation(Path.class);
            String at = join(prefix, path == null ? "" : path.value());
            String http = httpMethod(m);
            if (http != null) {
                out.add(http + " " + at);
            } else if (path != null) {
                collect(m.getReturnType(), at, out, depth + 1);
            }
        }
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String prefix, String path) {
        String p = path.replaceAll("^/+|/+$", "");
        String joined = p.isEmpty() ? prefix : prefix + "/" + p;
        return joined.isEmpty() ? "/" : joined;
    }
}
