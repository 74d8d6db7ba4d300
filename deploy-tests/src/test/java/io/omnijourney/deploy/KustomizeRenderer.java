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
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset of Kustomize that deploy/ uses:
 * {@code resources} (files and directories), {@code namespace} (which also names the Namespace object),
 * {@code images} (new name, tag or digest), {@code replicas} and {@code patches} given as strategic-merge files.
 * Anything else in a kustomization.yaml fails the rendering, so the manifests cannot drift into features this
 * renderer would silently get wrong. {@link KubectlKustomizeEquivalenceTest} compares the result with the real
 * kubectl wherever one is installed. A {@link Rendering} also remembers which files each object came from, so that
 * a failing check can name the manifest to fix.
 */
final class KustomizeRenderer {

    /** Rendered objects, and for each (by identity) the files it was read or patched from, in order. */
    record Rendering(List<Map<String, Object>> objects, Map<Map<String, Object>, List<Path>> sources) {

        /** The file among this object's sources that mentions {@code text} last (the one that set it), else the first. */
        Path fileMentioning(Map<String, Object> object, String text) {
            List<Path> files = sources.getOrDefault(object, List.of());
            Path found = null;
            for (Path file : files) {
                try {
                    if (Files.readString(file).contains(text)) {
                        found = file;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return found != null ? found : files.isEmpty() ? null : files.get(0);
        }
    }

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
        return renderWithSources(dir).objects();
    }

    static Rendering renderWithSources(Path dir) {
        Map<String, Object> kustomization = readKustomization(dir);
        List<Map<String, Object>> objects = new ArrayList<>();
        Map<Map<String, Object>, List<Path>> sources = new IdentityHashMap<>();
        for (Object resource : list(kustomization.get("resources"))) {
            Path path = dir.resolve((String) resource).normalize();
            if (Files.isDirectory(path)) {
                Rendering child = renderWithSources(path);
                objects.addAll(child.objects());
                sources.putAll(child.sources());
            } else {
                for (Map<String, Object> object : readAll(path)) {
                    objects.add(object);
                    sources.put(object, new ArrayList<>(List.of(path)));
                }
            }
        }
        for (Object patch : list(kustomization.get("patches"))) {
            Map<String, Object> entry = map(patch);
            if (!entry.keySet().equals(Set.of("path"))) {
                throw new IllegalArgumentException(dir + ": only 'patches: - path: <strategic merge file>' is supported, not " + entry.keySet());
            }
            Path patchFile = dir.resolve((String) entry.get("path")).normalize();
            for (Map<String, Object> patchDoc : readAll(patchFile)) {
                Map<String, Object> target = find(objects, patchDoc, dir);
                Map<String, Object> merged = merge(target, patchDoc);
                objects.set(indexOf(objects, target), merged);
                List<Path> from = new ArrayList<>(sources.getOrDefault(target, List.of()));
                from.add(patchFile);
                sources.remove(target);
                sources.put(merged, from);
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
                if (object.get("kind").equals("Namespace")) {
                    // Kustomize gives the Namespace object the overlay's namespace as its name.
                    map(object.get("metadata")).put("name", namespace);
                } else if (!CLUSTER_SCOPED.contains(object.get("kind"))) {
                    map(object.get("metadata")).put("namespace", namespace);
                }
            }
        }
        return new Rendering(objects, sources);
    }

    private static int indexOf(List<Map<String, Object>> objects, Map<String, Object> object) {
        for (int i = 0; i < objects.size(); i++) {
            if (objects.get(i) == object) {
                return i;
            }
        }
        throw new IllegalStateException("object not rendered");
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

    /**
     * A keyed list merges as Kustomize (kyaml) merges it: the patch's items first, in the patch's order, each merged
     * into the base item with the same key, then the base items the patch does not name, in their order.
     */
    @SuppressWarnings("unchecked")
    private static List<Object> mergeList(List<Object> base, List<Object> patch, String key) {
        List<Object> out = new ArrayList<>();
        List<Object> rest = new ArrayList<>(base);
        for (Object item : patch) {
            Map<String, Object> patchItem = (Map<String, Object>) item;
            Map<String, Object> match = null;
            for (Object candidate : rest) {
                if (Objects.equals(((Map<String, Object>) candidate).get(key), patchItem.get(key))) {
                    match = (Map<String, Object>) candidate;
                }
            }
            if (match != null) {
                rest.remove(match);
                out.add(merge(match, patchItem));
            } else {
                out.add(patchItem);
            }
        }
        out.addAll(rest);
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
        int at = image.indexOf('@');
        String reference = at < 0 ? image : image.substring(0, at);
        int slash = reference.lastIndexOf('/');
        int colon = reference.indexOf(':', slash + 1);
        String name = colon < 0 ? reference : reference.substring(0, colon);
        String suffix = at >= 0 ? image.substring(at) : colon < 0 ? "" : reference.substring(colon);
        if (!name.equals(entry.get("name"))) {
            return image;
        }
        String newName = entry.get("newName") != null ? String.valueOf(entry.get("newName")) : name;
        if (entry.get("digest") != null) {
            // A digest replaces the tag: the image is then immutable.
            return newName + "@" + entry.get("digest");
        }
        if (entry.get("newTag") != null) {
            return newName + ":" + entry.get("newTag");
        }
        return newName + suffix;
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
