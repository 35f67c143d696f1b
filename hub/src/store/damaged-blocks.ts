import { decodeBlock, type ColumnBlock } from './chunk-codec.js';

/** Told of a stored block that does not decode: which one (its table and key, for a person) and why. */
export type OnDamaged = (block: string, message: string) => void;

/** Names a raw chunk for a person looking in the database. */
export const rawChunkName = (hostId: string, runId: string, firstSeq: number): string => `raw host_id=${hostId} run_id=${runId} first_seq=${firstSeq}`;

/** Names a roll-up row for a person looking in the database. */
export const rollupName = (table: string, hostId: string, fromMs: number): string => `${table} host_id=${hostId} from_ms=${fromMs}`;

/**
 * Decodes a stored block and reads it with `read`; a block that fails either (bytes
 * damaged on disk) is reported to `onDamaged` under `name` and answers null, so
 * the caller goes on without it.
 */
export function decodeStored<T>(bytes: Uint8Array, read: (block: ColumnBlock) => T, name: () => string, onDamaged: OnDamaged): T | null {
  try {
    return read(decodeBlock(bytes));
  } catch (err) {
    onDamaged(name(), (err as Error).message);
    return null;
  }
}
