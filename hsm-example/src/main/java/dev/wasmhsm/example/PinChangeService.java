package dev.wasmhsm.example;

import dev.wasmhsm.client.HsmException;
import dev.wasmhsm.client.PayShieldClient;
import dev.wasmhsm.rar.api.HsmConnection;
import dev.wasmhsm.rar.api.HsmConnectionFactory;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.resource.ResourceException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * An issuer's PIN change in one JTA transaction (container-managed, REQUIRED): the HSM verifies the current PIN
 * against the stored PVV (EC), turns the new PIN block into a PIN under the LMK (JE) and derives its PVV (DG);
 * the new PVV and an audit row are stored. A refusal by the HSM, or a database failure, rolls everything back.
 *
 * <p>The HSM is the connector's local connection factory, looked up under the name each server gives it
 * ({@link #FACTORY_NAMES}). The connector takes no part in the transaction (host commands change nothing to roll
 * back); the database does.
 */
@Stateless
public class PinChangeService {
    /** Where the local connection factory is bound: WildFly (the RAR's ironjacamar.xml), Payara (the EAR's resources). */
    static final List<String> FACTORY_NAMES = List.of("java:/eis/hsm/local", "java:app/eis/hsm/local");

    private HsmConnectionFactory hsm;

    @PersistenceContext
    private EntityManager database;

    /**
     * Enrols an account with a PIN: stores the PVV the HSM derives.
     *
     * @param account the 12 account digits.
     * @param zpk the ZPK the PIN block is under, under the LMK.
     * @param pvk the PVK pair under the LMK.
     * @param pinBlock the PIN block (ISO format 0, code 01).
     * @return the PVV stored.
     * @throws PinChangeRefused when the HSM answers an error.
     */
    public String enrol(String account, String zpk, String pvk, String pinBlock) throws PinChangeRefused {
        var pvv = call(hsm -> hsm.generatePvv(pvk, hsm.pinUnderLmk(zpk, pinBlock, "01", account), account, '1'));
        database.persist(new CardAccount(account, '1', pvv));

        return pvv;
    }

    /**
     * Changes a PIN.
     *
     * @param account the 12 account digits.
     * @param zpk the ZPK both PIN blocks are under.
     * @param pvk the PVK pair.
     * @param currentBlock the current PIN's block.
     * @param newBlock the new PIN's block.
     * @param channel where the change comes from, for the audit row.
     * @return the new PVV.
     * @throws PinChangeRefused when the account is unknown, the current PIN does not verify, or the HSM answers
     *     an error; nothing is stored.
     */
    public String changePin(String account, String zpk, String pvk, String currentBlock, String newBlock,
            String channel) throws PinChangeRefused {
        var card = database.find(CardAccount.class, account);
        if (card == null) {
            throw new PinChangeRefused("no account " + account.substring(account.length() - 4), null);
        }
        var newPvv = call(hsm -> {
            if (!hsm.verifyPinPvv(false, zpk, pvk, currentBlock, "01", account, card.getPvki(), card.getPvv())) {
                throw new PinChangeRefused("the current PIN does not verify", null);
            }

            return hsm.generatePvv(pvk, hsm.pinUnderLmk(zpk, newBlock, "01", account), account, card.getPvki());
        });
        card.setPvv(newPvv);
        database.persist(new PinChangeAudit(account, channel, Instant.now()));
        database.flush();

        return newPvv;
    }

    /**
     * Reads an account's PVV and the number of PIN changes audited for it.
     *
     * @param account the 12 account digits.
     * @return {@code pvv=NNNN changes=N}, or {@code none}.
     */
    public String state(String account) {
        var card = database.find(CardAccount.class, account);
        var changes = database.createQuery("select count(a) from PinChangeAudit a where a.accountLastDigits = :last",
                Long.class).setParameter("last", account.substring(account.length() - 4)).getSingleResult();

        return card == null ? "none" : "pvv=" + card.getPvv() + " changes=" + changes;
    }

    /**
     * Finds the connection factory once.
     *
     * @throws IllegalStateException when neither server's name is bound.
     */
    @PostConstruct
    void lookUpHsm() {
        for (var name : FACTORY_NAMES) {
            try {
                hsm = (HsmConnectionFactory) new InitialContext().lookup(name);

                return;
            } catch (NamingException e) {
                // Not this server's name: try the next.
            }
        }
        throw new IllegalStateException("no HSM connection factory is bound as any of " + FACTORY_NAMES);
    }

    /** The HSM commands of one step. */
    @FunctionalInterface
    private interface HsmWork {
        String run(PayShieldClient hsm) throws HsmException, IOException, PinChangeRefused;
    }

    private String call(HsmWork work) throws PinChangeRefused {
        try (HsmConnection connection = hsm.getConnection()) {
            return work.run(new PayShieldClient(message -> {
                try {
                    return connection.execute(message);
                } catch (ResourceException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }));
        } catch (HsmException | IOException | ResourceException e) {
            throw new PinChangeRefused("the HSM refused: " + e.getMessage(), e);
        }
    }
}
