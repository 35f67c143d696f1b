/**
 * Options every object schema takes: a property the schema does not list makes
 * the message invalid, so nothing the hub did not validate is stored or sent on.
 */
export const STRICT = { additionalProperties: false } as const;
