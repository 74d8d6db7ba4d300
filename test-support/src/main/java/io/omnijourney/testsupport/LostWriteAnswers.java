package io.omnijourney.testsupport;

import com.mongodb.MongoException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for MongoDB writes whose answer is lost: a database whose collection {@code collection} applies the
 * next armed write on the real server, then throws the error a dropped connection gives the driver (a
 * {@link MongoSocketReadException} labelled {@code RetryableWriteError}). This is the case that makes a write
 * non-idempotent under retries and consumer replays: the caller cannot tell that the write landed.
 *
 * <pre>{@code
 * LostWriteAnswers lost = new LostWriteAnswers("daily_caps", "findOneAndUpdate");
 * Caps caps = new Caps(lost.wrap(database));
 * lost.armOnce();
 * assertThatThrownBy(() -> caps.tryCount(...)).isInstanceOf(MongoSocketReadException.class);
 * assertThat(lost.lost()).isEqualTo(1); // the write landed
 * }</pre>
 */
public final class LostWriteAnswers {

    private final String collection;
    private final Set<String> methods;
    private final AtomicInteger armed = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();

    /** @param methods the write methods of {@link MongoCollection} to fail (e.g. {@code findOneAndUpdate}) */
    public LostWriteAnswers(String collection, String... methods) {
        this.collection = collection;
        this.methods = Set.of(methods);
    }

    /** The next matching write lands, then its caller gets the error instead of the answer. */
    public void armOnce() {
        armed.incrementAndGet();
    }

    /** How many answers were lost so far (each after its write landed). */
    public int lost() {
        return lost.get();
    }

    /** {@code database} with the collection wrapped; every other call goes to the real one unchanged. */
    public MongoDatabase wrap(MongoDatabase database) {
        return proxy(MongoDatabase.class, database, (method, args, result) -> method.getName().equals("getCollection")
                && collection.equals(args[0]) ? collection((MongoCollection<?>) result) : result);
    }

    private MongoCollection<?> collection(MongoCollection<?> real) {
        return proxy(MongoCollection.class, real, (method, args, result) -> {
            if (method.getName().startsWith("with")) {
                return collection((MongoCollection<?>) result);
            }
            if (methods.contains(method.getName()) && armed.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                lost.incrementAndGet();
                MongoException e = new MongoSocketReadException("the answer to " + method.getName()
                        + " was lost after the write landed (injected)", new ServerAddress());
                e.addLabel("RetryableWriteError");
                throw e;
            }
            return result;
        });
    }

    /** What to hand back (or throw) after the real call ran. */
    private interface After {
        Object apply(Method method, Object[] args, Object result);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object real, After after) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(method, args, result);
        };
        return (T) Proxy.newProxyInstance(LostWriteAnswers.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
