package dev.wasmhsm.engine.host;

import com.dylibso.chicory.runtime.Memory;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;

/**
 * A guest's linear memory seen by a host function: every access is bounds-checked first and refused with error
 * 15, so bad pointers from a guest never become a trap, and no range is longer than {@value #MAX_RANGE} bytes.
 */
final class GuestMemory {
    /** The most bytes one host function reads or writes in one range, so that no host call runs unbounded. */
    static final int MAX_RANGE = 64 * 1024;

    private final Memory memory;

    GuestMemory(Memory memory) {
        this.memory = memory;
    }

    /**
     * Copies bytes out of guest memory.
     *
     * @param pointer the guest address, unsigned.
     * @param length the number of bytes.
     * @return the bytes.
     * @throws CryptoException with error 15 when the range is not inside memory.
     */
    byte[] read(int pointer, int length) throws CryptoException {
        check(pointer, length);

        return memory.readBytes(pointer, length);
    }

    /**
     * Reads ASCII text that is not secret, such as a key type code.
     *
     * @param pointer the guest address.
     * @param length the number of bytes.
     * @return the text.
     * @throws CryptoException with error 15 when the range is not inside memory.
     */
    String readText(int pointer, int length) throws CryptoException {
        return new String(read(pointer, length), StandardCharsets.ISO_8859_1);
    }

    /**
     * Copies bytes into guest memory; nothing is written when the range is not inside memory.
     *
     * @param pointer the guest address, unsigned.
     * @param bytes the bytes.
     * @throws CryptoException with error 15 when the range is not inside memory.
     */
    void write(int pointer, byte[] bytes) throws CryptoException {
        check(pointer, bytes.length);
        memory.write(pointer, bytes);
    }

    /**
     * Checks that a range lies inside memory.
     *
     * @param pointer the guest address, unsigned.
     * @param length the number of bytes, not negative.
     * @throws CryptoException with error 15 when it does not.
     */
    void check(int pointer, int length) throws CryptoException {
        long size = (long) memory.pages() * Memory.PAGE_SIZE;
        if (length > MAX_RANGE) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "a host function takes at most " + MAX_RANGE
                    + " bytes in one range, not " + length);
        }
        if (length < 0 || Integer.toUnsignedLong(pointer) + length > size) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "the range of " + length + " bytes at "
                    + Integer.toUnsignedString(pointer) + " is outside the guest memory");
        }
    }
}
