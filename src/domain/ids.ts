/**
 * Identifiers that arrive from the host application (user ids, kind keys, event ids, org ids).
 * They travel in URL paths and log lines, so they are restricted to a safe, printable alphabet.
 */
export const HOST_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}$/;
export const HOST_ID_HINT = '1–128 characters: letters, digits and . _ : @ + - (starting with a letter or digit)';

export const KIND_KEY_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
export const KIND_KEY_HINT = '1–64 characters: lower-case letters, digits and _ . - (starting with a letter or digit)';

export const ORG_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const ORG_ID_HINT = '1–63 characters: lower-case letters, digits and - (starting with a letter or digit)';
