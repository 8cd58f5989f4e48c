package dev.orgalytics.dashboards;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** docker-compose.yml at the repository root, read as YAML (short and long volume and environment syntax). */
record Compose(JsonNode yaml) {

    static Compose load() {
        return new Compose(Repo.yaml(Repo.path("docker-compose.yml")));
    }

    List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        yaml.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    JsonNode service(String name) {
        JsonNode service = yaml.path("services").path(name);
        if (service.isMissingNode()) {
            throw new AssertionError("docker-compose.yml has no service " + name + "; it has " + serviceNames());
        }
        return service;
    }

    String image(String service) {
        return service(service).path("image").asText();
    }

    /** The environment as a map, from either the map or the list ("KEY=value") form. */
    Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = service(service).path("environment");
        if (node.isArray()) {
            for (JsonNode entry : node) {
                String[] kv = entry.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        } else {
            node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        return env;
    }

    /** The command as a list of words (a string command split on spaces). */
    List<String> command(String service) {
        JsonNode node = service(service).path("command");
        List<String> words = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(w -> words.add(w.asText()));
        } else if (node.isTextual()) {
            words.addAll(List.of(node.asText().trim().split("\\s+")));
        }
        return words;
    }

    /** A bind mount: the host path (absolute, resolved against the repository root) and how it is mounted. */
    record Mount(Path host, String container, boolean readOnly) {
    }

    /** Bind mounts of a service (named volumes left out), in file order. */
    List<Mount> mounts(String service) {
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode volume : service(service).path("volumes")) {
            if (volume.isTextual()) {
                String[] parts = volume.asText().split(":");
                String source = parts[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    boolean readOnly = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
                    mounts.add(new Mount(Repo.root().resolve(source).normalize(), parts[1], readOnly));
                }
            } else if ("bind".equals(volume.path("type").asText())) {
                mounts.add(new Mount(Repo.root().resolve(volume.path("source").asText()).normalize(),
                        volume.path("target").asText(), volume.path("read_only").asBoolean(false)));
            }
        }
        return mounts;
    }

    /** Container path to host path of every bind mount of a service. */
    Map<String, Path> bindMounts(String service) {
        Map<String, Path> byContainerPath = new LinkedHashMap<>();
        mounts(service).forEach(m -> byContainerPath.put(m.container(), m.host()));
        return byContainerPath;
    }

    /** "host:port" of an http URL or of a plain "host:port" address, as a URI for its parts. */
    static URI address(String urlOrHostPort) {
        return URI.create(urlOrHostPort.contains("://") ? urlOrHostPort : "tcp://" + urlOrHostPort);
    }
}
