import { deflateRawSync, inflateRawSync } from 'node:zlib';
// Format version, first byte of every encoded block; a block of another version is refused.
const FORMAT = 1;
var Mode;
(function (Mode) {
    /** Every value NaN: nothing stored. */
    Mode[Mode["Absent"] = 0] = "Absent";
    /** Values that are whole at 10^decimals: delta or delta-of-delta varints, NaNs in a bitmap. */
    Mode[Mode["Decimal"] = 1] = "Decimal";
    /** Anything else: eight bytes a value, exactly as given. */
    Mode[Mode["Float"] = 2] = "Float";
})(Mode || (Mode = {}));
// Scaled values stay below 2^50, so deltas of deltas and their zigzag stay exact doubles.
const MAX_SCALED = 2 ** 50;
const MAX_DECIMALS = 3;
/** A growable byte buffer with varint and string writers. */
class Writer {
    bytes = new Uint8Array(4096);
    length = 0;
    #room(extra) {
        if (this.length + extra <= this.bytes.length)
            return;
        const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
        next.set(this.bytes.subarray(0, this.length));
        this.bytes = next;
    }
    byte(value) {
        this.#room(1);
        this.bytes[this.length++] = value;
    }
    /** An unsigned integer below 2^53, seven bits a byte, low bits first. */
    varint(value) {
        this.#room(8);
        while (value >= 0x80) {
            this.bytes[this.length++] = (value % 0x80) | 0x80;
            value = Math.floor(value / 0x80);
        }
        this.bytes[this.length++] = value;
    }
    raw(bytes) {
        this.#room(bytes.length);
        this.bytes.set(bytes, this.length);
        this.length += bytes.length;
    }
    text(value) {
        const bytes = Buffer.from(value, 'utf8');
        this.varint(bytes.length);
        this.raw(bytes);
    }
}
/** The one writer every encode uses: encoding is synchronous, and reusing it spares a growing buffer per chunk. */
const writer = new Writer();
/** Reads what Writer wrote; throws a RangeError past the end. */
class Reader {
    bytes;
    #pos = 0;
    constructor(bytes) {
        this.bytes = bytes;
    }
    byte() {
        if (this.#pos >= this.bytes.length)
            throw new RangeError('block ends early');
        return this.bytes[this.#pos++];
    }
    varint() {
        let value = 0;
        let scale = 1;
        for (;;) {
            const b = this.byte();
            value += (b & 0x7f) * scale;
            if (b < 0x80)
                return value;
            scale *= 0x80;
            if (scale > 2 ** 56)
                throw new RangeError('varint too long');
        }
    }
    raw(length) {
        if (this.#pos + length > this.bytes.length)
            throw new RangeError('block ends early');
        const out = this.bytes.subarray(this.#pos, this.#pos + length);
        this.#pos += length;
        return out;
    }
    text() {
        return Buffer.from(this.raw(this.varint())).toString('utf8');
    }
    get done() {
        return this.#pos === this.bytes.length;
    }
}
const zigzag = (v) => (v >= 0 ? v * 2 : -v * 2 - 1);
const unzigzag = (z) => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
/** Fewest decimals at which every non-NaN value is a whole number below MAX_SCALED, or -1. */
function decimalsOf(values) {
    for (let d = 0; d <= MAX_DECIMALS; d++) {
        const scale = 10 ** d;
        let fits = true;
        for (const v of values) {
            if (Number.isNaN(v))
                continue;
            const q = Math.round(v * scale);
            if (Object.is(v, -0) || !(Math.abs(q) < MAX_SCALED) || q / scale !== v) {
                fits = false;
                break;
            }
        }
        if (fits)
            return d;
    }
    return -1;
}
const varintSize = (v) => (v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5 + Math.floor(Math.log2(v / 0x10000000) / 7));
/**
 * Writes the scaled values as zigzag varints of their differences: first
 * differences (order 1) or differences of differences (order 2), whichever is
 * smaller for this column. NaNs are skipped (the bitmap has them).
 */
function writeDifferences(out, values, scale) {
    let size1 = 0;
    let size2 = 0;
    let prev = 0;
    let prevDelta = 0;
    let first = true;
    for (const v of values) {
        if (Number.isNaN(v))
            continue;
        const q = Math.round(v * scale);
        const delta = q - prev;
        size1 += varintSize(zigzag(delta));
        size2 += varintSize(zigzag(first ? delta : delta - prevDelta));
        prevDelta = delta;
        prev = q;
        first = false;
    }
    const order = size2 < size1 ? 2 : 1;
    out.byte(order);
    prev = 0;
    prevDelta = 0;
    first = true;
    for (const v of values) {
        if (Number.isNaN(v))
            continue;
        const q = Math.round(v * scale);
        const delta = q - prev;
        out.varint(zigzag(order === 1 || first ? delta : delta - prevDelta));
        prevDelta = delta;
        prev = q;
        first = false;
    }
}
function writeColumn(out, values) {
    let nanCount = 0;
    for (const v of values)
        if (Number.isNaN(v))
            nanCount++;
    if (nanCount === values.length)
        return out.byte(Mode.Absent);
    const decimals = decimalsOf(values);
    if (decimals < 0) {
        out.byte(Mode.Float);
        out.raw(new Uint8Array(Float64Array.from(values).buffer));
        return;
    }
    out.byte(Mode.Decimal);
    out.byte(decimals | (nanCount > 0 ? 0x80 : 0));
    if (nanCount > 0) {
        const bitmap = new Uint8Array(Math.ceil(values.length / 8));
        values.forEach((v, i) => {
            if (Number.isNaN(v))
                bitmap[i >> 3] |= 1 << (i & 7);
        });
        out.raw(bitmap);
    }
    writeDifferences(out, values, 10 ** decimals);
}
function readColumn(input, n) {
    const values = new Float64Array(n);
    const mode = input.byte();
    switch (mode) {
        case Mode.Absent:
            return values.fill(Number.NaN);
        case Mode.Float: {
            // Copied: the inflated bytes may sit at any offset of a shared buffer.
            const copy = new Uint8Array(n * 8);
            copy.set(input.raw(n * 8));
            return new Float64Array(copy.buffer);
        }
        case Mode.Decimal: {
            const flags = input.byte();
            const decimals = flags & 0x7f;
            if (decimals > MAX_DECIMALS)
                throw new RangeError(`bad decimals ${decimals}`);
            const bitmap = flags & 0x80 ? input.raw(Math.ceil(n / 8)) : null;
            const order = input.byte();
            if (order !== 1 && order !== 2)
                throw new RangeError(`bad order ${order}`);
            const scale = 10 ** decimals;
            let prev = 0;
            let prevDelta = 0;
            let first = true;
            for (let i = 0; i < n; i++) {
                if (bitmap && bitmap[i >> 3] & (1 << (i & 7))) {
                    values[i] = Number.NaN;
                    continue;
                }
                const d = unzigzag(input.varint());
                const delta = order === 1 || first ? d : prevDelta + d;
                prev += delta;
                prevDelta = delta;
                first = false;
                values[i] = prev / scale;
            }
            return values;
        }
        default:
            throw new RangeError(`unknown column mode ${mode}`);
    }
}
/**
 * Encodes a block, losslessly for every double (NaN, infinities and -0 included):
 * each column as varint deltas of its values scaled to whole numbers when they
 * have at most three decimals (what agents send), else as raw doubles; then the
 * whole block deflated.
 */
export function encodeBlock(block) {
    const out = writer;
    out.length = 0;
    out.byte(FORMAT);
    out.varint(block.n);
    out.text(block.meta);
    out.varint(block.columns.length);
    for (const [key, values] of block.columns) {
        if (values.length !== block.n)
            throw new RangeError(`column ${key} has ${values.length} values, block has ${block.n} rows`);
        out.text(key);
        writeColumn(out, values);
    }
    const deflated = deflateRawSync(out.bytes.subarray(0, out.length));
    // zlib answers with a view of its 16 KiB output buffer when the result fits in it:
    // kept as it is, every stored chunk would hold 16 KiB whatever its size.
    return deflated.byteLength === deflated.buffer.byteLength ? deflated : new Uint8Array(deflated);
}
/** Decodes what encodeBlock made; throws on anything else. */
export function decodeBlock(bytes) {
    const input = new Reader(inflateRawSync(bytes));
    const format = input.byte();
    if (format !== FORMAT)
        throw new RangeError(`block format ${format}, expected ${FORMAT}`);
    const n = input.varint();
    const meta = input.text();
    const count = input.varint();
    const columns = [];
    for (let i = 0; i < count; i++) {
        const key = input.text();
        columns.push([key, readColumn(input, n)]);
    }
    if (!input.done)
        throw new RangeError('bytes after the last column');
    return { n, meta, columns };
}
//# sourceMappingURL=chunk-codec.js.map