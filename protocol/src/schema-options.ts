/**
 * Options every object schema takes: a property the schema does not list makes
 * the message invalid, so nothing the hub did not validate is stored or sent on.
 */
export const STRICT = { additionalProperties: false } as const;

/** Options of the few schemas older readers must take from newer writers: unknown properties are ignored. */
export const OPEN = { additionalProperties: true } as const;
