package io.omnijourney.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.JavaScriptException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev MongoDB initialises itself and its probes tell the truth. The probes' scripts are taken from the rendered
 * StatefulSet and run (Rhino) against stand-ins of the mongosh objects they use, {@code db}, {@code rs},
 * {@code quit} and {@code process.env}, in the states a starting replica set goes through. mongosh exits 1 on
 * {@code quit(1)} and on an uncaught error; a probe passes only when the script ends normally.
 */
class DevMongoDbTest {

    private static final String NAMESPACE = "omnijourney-dev";

    private static StatefulSet statefulSet() {
        return RenderedOverlay.of("dev").named(StatefulSet.class, "omnijourney-mongodb");
    }

    private static Container mongod() {
        return statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void the_headless_service_publishes_the_member_before_it_is_ready() {
        Service service = RenderedOverlay.of("dev").named(Service.class, statefulSet().getSpec().getServiceName());
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        // rs.initiate runs while the pod is not ready; mongod checks then that the member's name resolves to itself.
        assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(mongod().getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("POD_NAMESPACE");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        });
    }

    @Test
    void the_startup_probe_initiates_the_replica_set_with_the_members_fully_qualified_name_and_waits_for_a_primary() {
        Shell notInitiated = Shell.notInitiated();
        assertThat(run(mongod().getStartupProbe(), notInitiated)).as("not ready while initiating").isEqualTo(1);
        assertThat(notInitiated.initiated).singleElement().asString()
                .contains("host=omnijourney-mongodb-0.omnijourney-mongodb." + NAMESPACE + ".svc:27017")
                .contains("_id=rs0");

        assertThat(run(mongod().getStartupProbe(), Shell.member("STARTUP2", false, false))).isEqualTo(1);
        assertThat(run(mongod().getStartupProbe(), Shell.member("PRIMARY", true, false))).isZero();
    }

    @Test
    void the_startup_probe_fails_on_any_other_error_without_initiating() {
        Shell unauthorized = Shell.failing("Unauthorized");
        assertThat(run(mongod().getStartupProbe(), unauthorized)).isEqualTo(1);
        assertThat(unauthorized.initiated).isEmpty();
    }

    @Test
    void the_readiness_probe_fails_unless_the_member_is_primary_or_secondary() {
        assertThat(run(mongod().getReadinessProbe(), Shell.member("PRIMARY", true, false))).isZero();
        assertThat(run(mongod().getReadinessProbe(), Shell.member("SECONDARY", false, true))).isZero();
        assertThat(run(mongod().getReadinessProbe(), Shell.member("STARTUP2", false, false))).isEqualTo(1);
        assertThat(run(mongod().getReadinessProbe(), Shell.failing("NotYetInitialized"))).isEqualTo(1);
    }

    @Test
    void the_liveness_probe_fails_when_the_server_does_not_answer_its_ping() {
        assertThat(run(mongod().getLivenessProbe(), Shell.member("PRIMARY", true, false))).isZero();
        Shell notOk = Shell.member("PRIMARY", true, false);
        notOk.pingOk = 0;
        assertThat(run(mongod().getLivenessProbe(), notOk)).isEqualTo(1);
        assertThat(run(mongod().getLivenessProbe(), Shell.failing("HostUnreachable"))).isEqualTo(1);
    }

    /** Runs a probe's mongosh --eval script; returns mongosh's exit code. */
    private static int run(Probe probe, Shell shell) {
        List<String> command = probe.getExec().getCommand();
        assertThat(command.subList(0, 3)).containsExactly("mongosh", "--quiet", "--eval");
        String script = command.get(3);
        Context cx = Context.enter();
        try {
            cx.setLanguageVersion(Context.VERSION_ES6);
            Scriptable scope = cx.initStandardObjects();
            shell.install(cx, scope);
            cx.evaluateString(scope, script, "probe", 1, null);
            return 0;
        } catch (Quit quit) {
            return quit.code;
        } catch (JavaScriptException uncaught) {
            return 1;
        } finally {
            Context.exit();
        }
    }

    private static final class Quit extends RuntimeException {
        final int code;

        Quit(int code) {
            super("quit(" + code + ")", null, false, false);
            this.code = code;
        }
    }

    /** The mongosh globals a probe uses, in one state of the member. */
    private static final class Shell {
        String failure;
        String state;
        boolean writablePrimary;
        boolean secondary;
        int pingOk = 1;
        final List<String> initiated = new ArrayList<>();

        static Shell notInitiated() {
            Shell shell = new Shell();
            shell.failure = "NotYetInitialized";
            return shell;
        }

        static Shell failing(String codeName) {
            Shell shell = new Shell();
            shell.failure = codeName;
            return shell;
        }

        static Shell member(String state, boolean writablePrimary, boolean secondary) {
            Shell shell = new Shell();
            shell.state = state;
            shell.writablePrimary = writablePrimary;
            shell.secondary = secondary;
            return shell;
        }

        void install(Context cx, Scriptable scope) {
            NativeObject env = new NativeObject();
            env.put("POD_NAME", env, "omnijourney-mongodb-0");
            env.put("POD_NAMESPACE", env, NAMESPACE);
            NativeObject process = new NativeObject();
            process.put("env", process, env);
            ScriptableObject.putProperty(scope, "process", process);
            ScriptableObject.putProperty(scope, "quit", function(args -> {
                throw new Quit(args.length == 0 ? 0 : ((Number) args[0]).intValue());
            }));
            NativeObject rs = new NativeObject();
            rs.put("status", rs, function(args -> {
                failIfDown(cx, scope);
                NativeObject member = object(cx, scope, Map.of("self", true, "stateStr", state));
                NativeObject status = new NativeObject();
                status.put("members", status, cx.newArray(scope, new Object[] {member}));
                return status;
            }));
            rs.put("initiate", rs, function(args -> {
                initiated.add(describe(args[0]));
                return object(cx, scope, Map.of("ok", 1));
            }));
            ScriptableObject.putProperty(scope, "rs", rs);
            NativeObject db = new NativeObject();
            db.put("hello", db, function(args -> {
                failIfDown(cx, scope);
                return object(cx, scope, Map.of("isWritablePrimary", writablePrimary, "secondary", secondary));
            }));
            db.put("adminCommand", db, function(args -> {
                failIfDown(cx, scope);
                return object(cx, scope, Map.of("ok", pingOk));
            }));
            ScriptableObject.putProperty(scope, "db", db);
        }

        /** A server error as mongosh throws it: an Error with the server's codeName. */
        private void failIfDown(Context cx, Scriptable scope) {
            if (failure != null) {
                Scriptable error = cx.newObject(scope, "Error", new Object[] {"MongoServerError: " + failure});
                ScriptableObject.putProperty(error, "codeName", failure);
                throw new JavaScriptException(error, "mongosh", 0);
            }
        }

        private static NativeObject object(Context cx, Scriptable scope, Map<String, Object> fields) {
            NativeObject o = (NativeObject) cx.newObject(scope);
            fields.forEach((k, v) -> o.put(k, o, v));
            return o;
        }

        private static String describe(Object value) {
            if (value instanceof NativeArray array) {
                List<String> items = new ArrayList<>();
                for (Object item : array) {
                    items.add(describe(item));
                }
                return items.toString();
            }
            if (value instanceof NativeObject object) {
                StringBuilder out = new StringBuilder("{");
                for (Object key : object.getIds()) {
                    out.append(key).append('=').append(describe(object.get(key.toString(), object))).append(", ");
                }
                return out.append('}').toString();
            }
            return String.valueOf(value);
        }

        private static BaseFunction function(java.util.function.Function<Object[], Object> body) {
            return new BaseFunction() {
                @Override
                public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] args) {
                    return body.apply(args);
                }
            };
        }
    }
}
