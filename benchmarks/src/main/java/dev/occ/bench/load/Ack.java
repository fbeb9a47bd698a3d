package dev.occ.bench.load;

/**
 * A move the app acknowledged with 200: the card, the version the client sent, the version the app
 * answered and the status the client asked for.
 *
 * @param cardId the card's {@code appointment_id}
 * @param fromVersion the version the client held and sent
 * @param toVersion the version in the 200's {@code data.version}
 * @param toStatus the status the client moved the card to
 */
public record Ack(String cardId, long fromVersion, long toVersion, String toStatus) {}
