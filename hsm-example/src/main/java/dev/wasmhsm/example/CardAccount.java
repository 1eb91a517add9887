package dev.wasmhsm.example;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A card account as the issuer keeps it: the account number the HSM uses, the PVK index and the PIN's PVV. */
@Entity
public class CardAccount {
    @Id
    @Column(length = 12)
    private String account;

    @Column(nullable = false)
    private char pvki;

    @Column(nullable = false, length = 4)
    private String pvv;

    /** For JPA. */
    protected CardAccount() {
    }

    /**
     * Creates an account.
     *
     * @param account the 12 right-most account digits without the check digit.
     * @param pvki the PVK index.
     * @param pvv the PVV of the account's PIN.
     */
    public CardAccount(String account, char pvki, String pvv) {
        this.account = account;
        this.pvki = pvki;
        this.pvv = pvv;
    }

    /** @return the 12 account digits. */
    public String getAccount() {
        return account;
    }

    /** @return the PVK index. */
    public char getPvki() {
        return pvki;
    }

    /** @return the PVV of the account's PIN. */
    public String getPvv() {
        return pvv;
    }

    /** @param value the PVV of the new PIN. */
    public void setPvv(String value) {
        this.pvv = value;
    }
}
