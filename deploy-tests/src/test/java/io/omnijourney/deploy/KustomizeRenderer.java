package io.omnijourney.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.MappingIterator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset of Kustomize that deploy/ uses:
 * {@code resources} (files and directories), {@code namespace}, {@code images}, {@code replicas} and {@code patches}
 * given as strategic-merge files. Anything else in a kustomization.yaml fails the rendering, so the manifests cannot
 * drift into features this renderer would silently get wrong. {@link KubectlKustomizeEquivalenceTest} compares the
 * result with the real kubectl wherever one is installed.
 */
final class KustomizeRenderer {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()).build();
    private static final Set<String> SUPPORTED_KEYS =
            Set.of("apiVersion", "kind", "resources", "namespace", "images", "replicas", "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");
    private static final Set<String> SCALABLE = Set.of("Deployment", "StatefulSet", "ReplicaSet");
    /** The strategic-merge keys of the lists deploy/ patches; other lists are replaced, as for custom resources. */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name", "initContainers", "name", "env", "name", "volumes", "name",
            "volumeMounts", "mountPath", "imagePullSecrets", "name");

    private KustomizeRenderer() {
    }

    static List<Map<String, Object>> render(Path dir) {
        Map<String, Object> kustomization = readKustomization(dir);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object resource : list(kustomization.get("resources"))) {
            Path path = dir.resolve((String) resource).normalize();
            objects.addAll(Files.isDirectory(path) ? render(path) : readAll(path));
        }
        for (Object patch : list(kustomization.get("patches"))) {
            Map<String, Object> entry = map(patch);
            if (!entry.keySet().equals(Set.of("path"))) {
                throw new IllegalArgumentException(dir + ": only 'patches: - path: <strategic merge file>' is supported, not " + entry.keySet());
            }
            for (Map<String, Object> patchDoc : readAll(dir.resolve((String) entry.get("path")))) {
                Map<String, Object> target = find(objects, patchDoc, dir);
                Map<String, Object> merged = merge(target, patchDoc);
                objects.set(objects.indexOf(target), merged);
            }
        }
        for (Object replica : list(kustomization.get("replicas"))) {
            Map<String, Object> entry = map(replica);
            int matched = 0;
            for (Map<String, Object> object : objects) {
                if (SCALABLE.contains(object.get("kind")) && entry.get("name").equals(name(object))) {
                    map(object.get("spec")).put("replicas", entry.get("count"));
                    matched++;
                }
            }
            if (matched == 0) {
                throw new IllegalArgumentException(dir + ": replicas entry matches nothing: " + entry);
            }
        }
        for (Object image : list(kustomization.get("images"))) {
            Map<String, Object> entry = map(image);
            objects.forEach(object -> setImage(object, entry));
        }
        Object namespace = kustomization.get("namespace");
        if (namespace != null) {
            for (Map<String, Object> object : objects) {
                if (!CLUSTER_SCOPED.contains(object.get("kind"))) {
                    map(object.get("metadata")).put("namespace", namespace);
                }
            }
        }
        return objects;
    }

    private static Map<String, Object> readKustomization(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        List<Map<String, Object>> docs = readAll(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + ": expected one document");
        }
        Map<String, Object> kustomization = docs.get(0);
        for (String key : kustomization.keySet()) {
            if (!SUPPORTED_KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": '" + key + "' is outside the Kustomize subset the tests render"
                        + " (see deploy/README.md); supported: " + SUPPORTED_KEYS);
            }
        }
        return kustomization;
    }

    static List<Map<String, Object>> readAll(Path file) {
        try (MappingIterator<Map<String, Object>> docs = YAML.readerForMapOf(Object.class).readValues(file.toFile())) {
            List<Map<String, Object>> out = new ArrayList<>();
            while (docs.hasNext()) {
                Map<String, Object> doc = docs.next();
                if (doc != null && !doc.isEmpty()) {
                    out.add(doc);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<Map<String, Object>> parseAll(String yaml) {
        try (MappingIterator<Map<String, Object>> docs = YAML.readerForMapOf(Object.class).readValues(yaml)) {
            List<Map<String, Object>> out = new ArrayList<>();
            while (docs.hasNext()) {
                Map<String, Object> doc = docs.next();
                if (doc != null && !doc.isEmpty()) {
                    out.add(doc);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> find(List<Map<String, Object>> objects, Map<String, Object> patch, Path dir) {
        List<Map<String, Object>> hits = objects.stream()
                .filter(o -> Objects.equals(o.get("kind"), patch.get("kind")) && Objects.equals(name(o), name(patch)))
                .toList();
        if (hits.size() != 1) {
            throw new IllegalArgumentException(dir + ": patch of " + patch.get("kind") + "/" + name(patch)
                    + " matches " + hits.size() + " objects");
        }
        return hits.get(0);
    }

    /** Strategic merge: maps merge key by key, a null deletes, keyed lists merge by key, other lists are replaced. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> patch) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object current = out.get(e.getKey());
            Object value = e.getValue();
            if (value == null) {
                out.remove(e.getKey());
            } else if (current instanceof Map && value instanceof Map) {
                out.put(e.getKey(), merge((Map<String, Object>) current, (Map<String, Object>) value));
            } else if (current instanceof List && value instanceof List && MERGE_KEYS.containsKey(e.getKey())) {
                out.put(e.getKey(), mergeList((List<Object>) current, (List<Object>) value, MERGE_KEYS.get(e.getKey())));
            } else {
                out.put(e.getKey(), value);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> mergeList(List<Object> base, List<Object> patch, String key) {
        List<Object> out = new ArrayList<>(base);
        for (Object item : patch) {
            Map<String, Object> patchItem = (Map<String, Object>) item;
            int index = -1;
            for (int i = 0; i < out.size(); i++) {
                if (Objects.equals(((Map<String, Object>) out.get(i)).get(key), patchItem.get(key))) {
                    index = i;
                }
            }
            if (index >= 0) {
                out.set(index, merge((Map<String, Object>) out.get(index), patchItem));
            } else {
                out.add(patchItem);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void setImage(Object node, Map<String, Object> entry) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> object = (Map<String, Object>) m;
            for (String field : List.of("containers", "initContainers")) {
                if (object.get(field) instanceof List<?> containers) {
                    for (Object c : containers) {
                        Map<String, Object> container = (Map<String, Object>) c;
                        if (container.get("image") instanceof String image) {
                            container.put("image", retag(image, entry));
                        }
                    }
                }
            }
            object.values().forEach(v -> setImage(v, entry));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> setImage(v, entry));
        }
    }

    private static String retag(String image, Map<String, Object> entry) {
        int slash = image.lastIndexOf('/');
        int colon = image.indexOf(':', slash + 1);
        String name = colon < 0 ? image : image.substring(0, colon);
        String tag = colon < 0 ? null : image.substring(colon + 1);
        if (!name.equals(entry.get("name"))) {
            return image;
        }
        String newName = entry.get("newName") != null ? String.valueOf(entry.get("newName")) : name;
        String newTag = entry.get("newTag") != null ? String.valueOf(entry.get("newTag")) : tag;
        return newTag == null ? newName : newName + ":" + newTag;
    }

    static String name(Map<String, Object> object) {
        return (String) map(object.get("metadata")).get("name");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
