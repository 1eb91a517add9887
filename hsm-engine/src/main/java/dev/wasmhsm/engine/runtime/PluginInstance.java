package dev.wasmhsm.engine.runtime;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import dev.wasmhsm.engine.abi.PluginAbi;
import dev.wasmhsm.engine.abi.PluginException;

/**
 * One instance of a plugin with its exports looked up once; used by one thread at a time.
 *
 * <p>A call follows ABI v1 (docs/plugin-abi.md): alloc, write the request, Execute, read the reply, zero the request
 * in guest memory, reset.
 */
final class PluginInstance {
    private final Memory memory;
    private final ExportFunction alloc;
    private final ExportFunction execute;
    private final ExportFunction reset;
    private final int recyclePages;
    private final int maxReplyLength;

    PluginInstance(Instance instance, boolean hasReset, int recyclePages, int maxReplyLength) {
        this.memory = instance.memory();
        this.alloc = instance.export(PluginAbi.ALLOC);
        this.execute = instance.export(PluginAbi.EXECUTE);
        this.reset = hasReset ? instance.export(PluginAbi.RESET) : null;
        this.recyclePages = recyclePages;
        this.maxReplyLength = maxReplyLength;
    }

    /**
     * Tells whether the guest's memory grew past the recycle threshold; memory never shrinks, so such an instance
     * is not kept idle (a large request would otherwise pin its memory in the pool).
     *
     * @return true when the instance should be dropped after its call.
     */
    boolean needsRecycling() {
        return memory.pages() > recyclePages;
    }

    /**
     * Runs one request through the guest.
     *
     * @param message the command code and data.
     * @return the reply bytes as the guest returned them.
     * @throws PluginException when the guest gives no memory or points its reply outside its memory.
     */
    byte[] call(byte[] message) throws PluginException {
        long pointer = alloc.apply(message.length)[0] & 0xFFFFFFFFL;
        if (pointer == 0 || pointer + message.length > memorySize()) {
            throw new PluginException("alloc(" + message.length + ") returned no usable memory");
        }
        memory.write((int) pointer, message);
        long packed = execute.apply(pointer, message.length)[0];
        long replyPointer = packed >>> 32;
        long replyLength = packed & 0xFFFFFFFFL;
        if (replyLength > maxReplyLength || replyPointer + replyLength > memorySize()) {
            throw new PluginException("the reply of " + replyLength + " bytes at " + replyPointer
                    + ", outside the guest memory or longer than " + maxReplyLength);
        }
        var reply = memory.readBytes((int) replyPointer, (int) replyLength);
        // The host's own hygiene, whatever the guest's reset does: the request does not outlive the call. The reply
        // may be the guest's static data, which the next call answers again, so only the guest's reset clears it.
        memory.fill((byte) 0, (int) pointer, (int) pointer + message.length);
        if (reset != null) {
            reset.apply();
        }

        return reply;
    }

    private long memorySize() {
        return (long) memory.pages() * Memory.PAGE_SIZE;
    }
}
