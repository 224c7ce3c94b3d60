package io.vigil.local;

/**
 * An owner's place in the {@link ShutdownSequence} together with its "closed" flag, so that the
 * owner's idempotent {@code close()} does its work once and deregisters from the sequence when it
 * does.
 */
final class CloseOnce {

    private final ShutdownSequence.Registration registration;
    private boolean closed;

    /** Registers {@code owner} in {@code stage} under {@code name}. */
    CloseOnce(ShutdownSequence.Stage stage, String name, AutoCloseable owner) {
        this.registration = ShutdownSequence.register(stage, name, owner);
    }

    /**
     * Whether this is the owner's first {@code close()}; the first call (only) also deregisters the
     * owner from the shutdown sequence. Safe to call from several threads.
     */
    boolean first() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        registration.close();
        return true;
    }
}
