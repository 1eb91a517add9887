package dev.wasmhsm.rar.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.protocol.ErrorCode;
import dev.wasmhsm.protocol.HsmRequest;
import jakarta.resource.spi.UnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EndpointDispatcherTest {
    private static final byte[] REPLY = bytes("ND00reply");
    private static final String ERROR_41 = "ND" + ErrorCode.INTERNAL_ERROR.code();

    private final AtomicReference<HsmRequest> seen = new AtomicReference<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final FakeEndpointFactory factory = new FakeEndpointFactory(request -> {
        seen.set(request);
        if (failing.get()) {
            throw new IllegalStateException("bean failed");
        }

        return REPLY;
    });
    private final EndpointPool pool = new EndpointPool(factory);
    private final EndpointDispatcher dispatcher = new EndpointDispatcher(pool);

    @Test
    void aRequestReachesTheBeanAsTheSameObjectAndItsReplyComesBack() {
        var request = request();

        assertSame(REPLY, dispatcher.handle(request));
        assertSame(request, seen.get());
    }

    @Test
    void sequentialRequestsShareOneEndpointThatTheCloseReleases() {
        for (int i = 0; i < 3; i++) {
            assertSame(REPLY, dispatcher.handle(request()));
        }
        assertEquals(1, factory.created.size());
        assertEquals(3, factory.answered.size());
        assertTrue(factory.released.isEmpty());

        pool.close();
        assertEquals(factory.created, factory.released);
    }

    @Test
    void aFailingBeanGetsError41AndItsEndpointIsDropped() {
        failing.set(true);
        assertEquals(ERROR_41, text(dispatcher.handle(request())));
        var dropped = factory.created.get(0);
        assertEquals(List.of(dropped), factory.released);

        failing.set(false);
        assertSame(REPLY, dispatcher.handle(request()));
        assertEquals(2, factory.created.size());
        assertEquals(List.of(dropped, factory.created.get(1)), factory.answered);
    }

    @Test
    void anUnavailableEndpointGetsError41() {
        factory.failWith(new UnavailableException("endpoint unavailable"));

        assertEquals(ERROR_41, text(dispatcher.handle(request())));
        assertTrue(factory.created.isEmpty());
    }

    private static HsmRequest request() {
        return new HsmRequest("127.0.0.1:40000", bytes("NCdata"), 1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
