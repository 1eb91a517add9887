package dev.wasmhsm.rar.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointPoolTest {
    private final FakeEndpointFactory factory = new FakeEndpointFactory(request -> new byte[0]);
    private final EndpointPool pool = new EndpointPool(factory);

    @Test
    void anEndpointGivenBackIsBorrowedAgain() throws Exception {
        var first = pool.borrow();
        pool.giveBack(first);

        assertSame(first, pool.borrow());
        assertEquals(1, factory.created.size());
    }

    @Test
    void overlappingBorrowsGetAnEndpointEach() throws Exception {
        var first = pool.borrow();
        var second = pool.borrow();

        assertNotSame(first, second);
        assertEquals(2, factory.created.size());
    }

    @Test
    void closeReleasesTheIdleEndpoints() throws Exception {
        var first = pool.borrow();
        var second = pool.borrow();
        pool.giveBack(first);
        pool.giveBack(second);

        pool.close();
        assertEquals(List.of(first, second), factory.released);
    }

    @Test
    void anEndpointGivenBackAfterTheCloseIsReleased() throws Exception {
        var endpoint = pool.borrow();
        pool.close();
        assertTrue(factory.released.isEmpty());

        pool.giveBack(endpoint);
        assertEquals(List.of(endpoint), factory.released);
    }

    @Test
    void aDiscardedEndpointIsReleasedAndNotBorrowedAgain() throws Exception {
        var endpoint = pool.borrow();
        pool.discard(endpoint);

        assertEquals(List.of(endpoint), factory.released);
        assertNotSame(endpoint, pool.borrow());
    }
}
