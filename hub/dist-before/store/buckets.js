import { chartLines, parseLineId, roundForLine } from '@hostpulse/protocol';
const TIME = '@t';
/** Suffixes of a line's columns in a roll-up block. */
const PARTS = ['min', 'avg', 'max', 'n'];
/**
 * Chart lines folded into time buckets of `bucketMs`: per bucket and line the
 * minimum, maximum, sum and count, so buckets merge exactly (averages weighted by
 * count). Raw rows and stored roll-ups both fold in; roll-ups are stored as blocks
 * of these buckets, and series answers are read from them.
 */
export class Buckets {
    bucketMs;
    /** Bucket start times, ascending. */
    times = [];
    #lines = new Map();
    #lastIndex = -1;
    constructor(bucketMs) {
        this.bucketMs = bucketMs;
    }
    /** Line ids seen, in first-seen order. */
    get lineIds() {
        return [...this.#lines.keys()];
    }
    /** Folds in the rows of a raw block whose time is within [fromMs, toMs). */
    addRows(rows, fromMs = -Infinity, toMs = Infinity) {
        const lines = chartLines(rows.figureKeys(), (key) => rows.column(key), rows.n);
        for (let i = 0; i < rows.n; i++) {
            const ts = rows.tsMs(i);
            if (ts < fromMs || ts >= toMs)
                continue;
            const b = this.#index(ts);
            for (const [id, values] of lines) {
                const v = values[i];
                if (!Number.isNaN(v))
                    this.#fold(id, b, v, v, v, 1);
            }
        }
    }
    /** Folds in a roll-up block (as `toBlock` makes) whose buckets start within [fromMs, toMs). */
    addBlock(block, fromMs = -Infinity, toMs = Infinity) {
        const cols = new Map(block.columns);
        const times = cols.get(TIME);
        if (!times)
            throw new RangeError('roll-up block lacks its times');
        for (const id of lineIdsOf(block)) {
            const [min, avg, max, n] = PARTS.map((part) => cols.get(`${id}|${part}`));
            for (let i = 0; i < block.n; i++) {
                const t = times[i];
                if (t < fromMs || t >= toMs || !(n[i] > 0))
                    continue;
                this.#fold(id, this.#index(t), min[i], max[i], avg[i] * n[i], n[i]);
            }
        }
    }
    /** Folds in every bucket of another set. */
    addBuckets(other) {
        other.times.forEach((t, i) => {
            const b = this.#index(t);
            for (const [id, acc] of other.#lines) {
                if (acc.n[i] > 0)
                    this.#fold(id, b, acc.min[i], acc.max[i], acc.sum[i], acc.n[i]);
            }
        });
    }
    /** The buckets as a roll-up block: times, then min/avg/max/count per line (avg rounded as the line is). */
    toBlock() {
        const columns = [[TIME, Float64Array.from(this.times)]];
        for (const [id, acc] of this.#lines) {
            const { metric } = parseLineId(id);
            const avg = acc.sum.map((sum, i) => (acc.n[i] > 0 ? roundForLine(metric, sum / acc.n[i]) : Number.NaN));
            const nan = (values) => values.map((v, i) => (acc.n[i] > 0 ? v : Number.NaN));
            columns.push([`${id}|min`, Float64Array.from(nan(acc.min))], [`${id}|avg`, Float64Array.from(avg)], [`${id}|max`, Float64Array.from(nan(acc.max))], [`${id}|n`, Float64Array.from(acc.n)]);
        }
        return { n: this.times.length, meta: JSON.stringify({ bucketMs: this.bucketMs }), columns };
    }
    /** The buckets within [fromMs, toMs) with data, as the lines of a series answer. */
    toSeries(fromMs, toMs) {
        const accs = [...this.#lines.values()];
        const keep = [];
        this.times.forEach((t, i) => {
            if (t + this.bucketMs > fromMs && t < toMs && accs.some((acc) => acc.n[i] > 0))
                keep.push(i);
        });
        const single = accs.every((acc) => keep.every((i) => acc.n[i] <= 1));
        const lines = [];
        for (const [id, acc] of this.#lines) {
            if (!keep.some((i) => acc.n[i] > 0))
                continue;
            const { metric } = parseLineId(id);
            const pick = (f) => keep.map((i) => (acc.n[i] > 0 ? roundForLine(metric, f(i)) : null));
            const line = { id, avg: pick((i) => acc.sum[i] / acc.n[i]) };
            if (!single) {
                line.min = pick((i) => acc.min[i]);
                line.max = pick((i) => acc.max[i]);
            }
            lines.push(line);
        }
        return { t: keep.map((i) => this.times[i]), lines };
    }
    /** The same data in buckets `factor` times wider. */
    coarsen(factor) {
        const wider = new Buckets(this.bucketMs * factor);
        wider.addBuckets(this);
        return wider;
    }
    /** Index of the bucket holding time `ms`, inserting it in order when new. */
    #index(ms) {
        const t = Math.floor(ms / this.bucketMs) * this.bucketMs;
        const times = this.times;
        const last = this.#lastIndex;
        if (last >= 0 && times[last] === t)
            return last;
        let i;
        if (times.length === 0 || t > times[times.length - 1]) {
            i = times.length;
        }
        else {
            let lo = 0;
            let hi = times.length;
            while (lo < hi) {
                const mid = (lo + hi) >>> 1;
                if (times[mid] < t)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            i = lo;
            if (times[i] === t)
                return (this.#lastIndex = i);
        }
        times.splice(i, 0, t);
        for (const acc of this.#lines.values()) {
            acc.min.splice(i, 0, Infinity);
            acc.max.splice(i, 0, -Infinity);
            acc.sum.splice(i, 0, 0);
            acc.n.splice(i, 0, 0);
        }
        return (this.#lastIndex = i);
    }
    #fold(id, b, min, max, sum, n) {
        let acc = this.#lines.get(id);
        if (!acc) {
            const size = this.times.length;
            acc = { min: new Array(size).fill(Infinity), max: new Array(size).fill(-Infinity), sum: new Array(size).fill(0), n: new Array(size).fill(0) };
            this.#lines.set(id, acc);
        }
        if (min < acc.min[b])
            acc.min[b] = min;
        if (max > acc.max[b])
            acc.max[b] = max;
        acc.sum[b] = acc.sum[b] + sum;
        acc.n[b] = acc.n[b] + n;
    }
}
/** Line ids of a roll-up block, from its `<id>|n` columns. */
function lineIdsOf(block) {
    return block.columns.filter(([key]) => key.endsWith('|n')).map(([key]) => key.slice(0, -2));
}
//# sourceMappingURL=buckets.js.map