package dev.authflux.passkey;

import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/v1/sessions/passkey}: the browser's assertion as its
 * {@code toJSON()} gives it.
 */
record PasskeyLoginRequest(JsonNode credential) {
}
