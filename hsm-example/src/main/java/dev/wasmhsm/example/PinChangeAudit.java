package dev.wasmhsm.example;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import java.time.Instant;

/** One completed PIN change, kept with the PVV in the same transaction; it names the account by its last digits. */
@Entity
public class PinChangeAudit {
    @Id
    @GeneratedValue
    private Long id;

    @Column(nullable = false, length = 4)
    private String accountLastDigits;

    @Column(nullable = false, length = 64)
    private String channel;

    @Column(nullable = false)
    private Instant changedAt;

    /** For JPA. */
    protected PinChangeAudit() {
    }

    /**
     * Creates an audit row.
     *
     * @param account the account; only its last four digits are kept.
     * @param channel where the change came from; a null channel fails the insert (tests use it).
     * @param changedAt when.
     */
    public PinChangeAudit(String account, String channel, Instant changedAt) {
        this.accountLastDigits = account.substring(account.length() - 4);
        this.channel = channel;
        this.changedAt = changedAt;
    }

    /** @return the account's last four digits. */
    public String getAccountLastDigits() {
        return accountLastDigits;
    }
}
