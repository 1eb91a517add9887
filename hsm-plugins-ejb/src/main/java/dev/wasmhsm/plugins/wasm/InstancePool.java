package dev.wasmhsm.plugins.wasm;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Idle instances of one plugin: a call takes one (or builds one when none is idle) and gives it back after.
 *
 * <p>A Chicory instance is single-threaded, so an instance is only ever in one caller's hands. An instance whose
 * call failed is not given back: a trap can leave the guest's globals corrupt. At most {@code maxIdle} instances
 * are kept, and none whose memory grew past its initial size (memory never shrinks); the pool never holds more
 * instances than calls ran at once.
 */
final class InstancePool {
    private final Supplier<PluginInstance> factory;
    private final int maxIdle;
    private final ConcurrentLinkedDeque<PluginInstance> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    InstancePool(Supplier<PluginInstance> factory, int maxIdle) {
        this.factory = factory;
        this.maxIdle = maxIdle;
    }

    PluginInstance take() {
        var instance = idle.pollFirst();
        if (instance == null) {
            return factory.get();
        }
        idleCount.decrementAndGet();

        return instance;
    }

    void giveBack(PluginInstance instance) {
        if (instance.grew()) {
            return;
        }
        if (idleCount.incrementAndGet() <= maxIdle) {
            idle.offerFirst(instance);
        } else {
            idleCount.decrementAndGet();
        }
    }

    int idleCount() {
        return idleCount.get();
    }
}
