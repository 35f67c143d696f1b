// Units for people: the wire carries bytes, percent and milliseconds; only the dashboard formats them.

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Bytes as "512 B", "1.5 KiB", "23.4 MiB", "1.21 GiB": three significant digits at most. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BINARY_UNITS[unit]}`;
}

/** A byte rate as "1.5 KiB/s". */
export function formatBytesPerSec(bytesPerSec: number): string {
  const text = formatBytes(bytesPerSec);
  return text === '–' ? text : `${text}/s`;
}

/** A percentage as "23%" (or "0.4%" below 10, where a decimal still means something). */
export function formatPct(pct: number): string {
  if (!Number.isFinite(pct)) return '–';
  const shown = shownPct(pct);
  return pct < 10 && pct > 0 ? `${shown.toFixed(1)}%` : `${shown}%`;
}

/** A percentage rounded as formatPct shows it: to a tenth below 10, else to a whole number. */
export function shownPct(pct: number): number {
  return pct < 10 && pct > 0 ? Math.round(pct * 10) / 10 : Math.round(pct);
}

/** A 0-1 share as a percentage. */
export function formatShare(share: number): string {
  return formatPct(share * 100);
}

/** Milliseconds as "12 ms", "1.2 s" or "3 min". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${(ms / 1000).toFixed(abs < 10_000 ? 1 : 0)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** An uptime as its two largest units: "3d 4h", "4h 12m", "12m 5s", "42s". */
export function formatUptime(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '–';
  const s = Math.floor(sec);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}

/** How long ago something happened, for "last seen 2 min ago". */
export function formatAgo(thenMs: number, nowMs: number): string {
  const sec = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (sec < 5) return 'just now';
  if (sec < 60) return `${sec} s ago`;
  if (sec < 3600) return `${Math.round(sec / 60)} min ago`;
  if (sec < 86_400) return `${Math.round(sec / 3600)} h ago`;
  return `${Math.round(sec / 86_400)} d ago`;
}

/** A rate such as requests/s with one decimal below 10. */
export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec)) return '–';
  return perSec < 10 ? perSec.toFixed(1) : String(Math.round(perSec));
}

/** Wall-clock time of day as "14:03:07" for chart axes. */
export function formatClock(tsMs: number): string {
  const d = new Date(tsMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A day as "3 Dec". */
function formatDay(tsMs: number): string {
  const d = new Date(tsMs);
  return `${d.getDate()} ${MONTHS[d.getMonth()]}`;
}

/** A moment with its day, "3 Dec 14:03:07", for ranges and tooltips of long windows. */
export function formatDateTime(tsMs: number): string {
  return `${formatDay(tsMs)} ${formatClock(tsMs)}`;
}

/**
 * A tick of a time axis whose ticks are `stepMs` apart: "14:03:05" for steps under a
 * minute, "14:00" for steps under a day (but the day, "3 Dec", at midnight), "3 Dec" beyond.
 */
export function formatTimeTick(tsMs: number, stepMs: number): string {
  if (stepMs < 60_000) return formatClock(tsMs);
  const d = new Date(tsMs);
  const isMidnight = d.getHours() === 0 && d.getMinutes() === 0;
  if (stepMs < 86_400_000 && !isMidnight) return formatClock(tsMs).slice(0, 5);
  return formatDay(tsMs);
}

/** A span such as a bucket's width: "750 ms", "45 s", "2.4 min", "6 h", "1.5 d". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const trim = (v: number): string => String(Math.round(v * 10) / 10);
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${trim(ms / 1000)} s`;
  if (ms < 2 * 3_600_000) return `${trim(ms / 60_000)} min`;
  if (ms < 2 * 86_400_000) return `${trim(ms / 3_600_000)} h`;
  return `${trim(ms / 86_400_000)} d`;
}
