import { OVERVIEW_TOPIC } from '@hostpulse/protocol';
import type { LabRequest, LabState } from '@hostpulse/protocol';
import { callLab, type LabAnswer } from '../client/hub-requests.js';
import { matchingPollIntervalMs, recentPushAgeP95, type LabPoint } from '../charts/lab-freshness.js';
import type { Mode } from '../routing/url-state.js';

/** Seconds of lab figures kept for the charts, as many as the comparison keeps. */
export const LAB_HISTORY_POINTS = 300;

/**
 * The load lab as the Compare page drives it: the settings being edited, the hub's
 * lab state (read once a second while the page shows), the viewers' figures over
 * time, and the last refusal, with the field it names.
 */
/** What a run with these settings asks of the hub, said before it starts. */
export function labCost(viewers: number, mode: Mode, intervalMs: number): string {
  if (mode === 'push') return `${viewers} push viewers: ${viewers} sockets held open, each sent every update of what it watches`;
  return `${viewers} viewers polling every ${intervalMs} ms: about ${Math.round((viewers * 1000) / intervalMs)} requests a second to the hub`;
}

export class LoadLab {
  /** null until the hub answered; false when it runs without --lab. */
  available = $state<boolean | null>(null);
  state = $state.raw<LabState | null>(null);
  history = $state.raw<LabPoint[]>([]);
  error = $state.raw<{ message: string; field?: string } | null>(null);
  busy = $state(false);
  /** What the preset did last, for the page to say. */
  presetNote = $state('');
  adminToken = $state('');
  viewers = $state(50);
  mode = $state<Mode>('poll');
  intervalMs = $state(1000);
  topic = $state(OVERVIEW_TOPIC);
  running = $derived(this.state?.lab ?? null);

  readonly #baseUrl: string;
  /** The running lab and its settings as last answered, to see them change elsewhere. */
  #seen: string | null = null;

  constructor(baseUrl: string) {
    this.#baseUrl = baseUrl;
  }

  /** Reads the lab's state and records the viewers' latest second. */
  async refresh(): Promise<void> {
    const answer = await callLab(this.#baseUrl, 'GET', this.adminToken);
    if (!answer.ok) {
      if (answer.status === 403) this.available = false;
      return;
    }
    this.#apply(answer, true);
  }

  /** Starts a lab with the form's settings, or changes the running one to them. */
  apply(): Promise<void> {
    return this.#post({ viewers: this.viewers, mode: this.mode, intervalMs: this.intervalMs, topic: this.topic });
  }

  /** Flips every viewer to the other transport, so the hub's lines cross. */
  swapAll(): Promise<void> {
    const lab = this.running;
    if (!lab) return Promise.resolve();
    this.mode = lab.settings.mode === 'push' ? 'poll' : 'push';
    return this.#post({ ...lab.settings, mode: this.mode });
  }

  /**
   * Sets poll at the interval whose data age matches what push viewers showed (the
   * lab's, else this tab's own `tabPushAgeP95Ms`), and applies it when a lab runs.
   */
  async matchPushFreshness(tabPushAgeP95Ms: number | null): Promise<void> {
    const labAge = recentPushAgeP95(this.history);
    const pushAge = labAge ?? tabPushAgeP95Ms;
    if (pushAge === null) {
      this.presetNote = 'No push data age measured yet: run the lab (or this tab) in push first.';
      return;
    }
    const { intervalMs, clamped } = matchingPollIntervalMs(pushAge);
    this.mode = 'poll';
    this.intervalMs = intervalMs;
    const source = labAge === null ? "this tab's" : "the lab viewers'";
    this.presetNote = clamped
      ? `Push data age p95 is ${pushAge} ms (${source}); matching it needs a poll every ${Math.round(pushAge / 0.95)} ms, beyond the lab's limits, so ${intervalMs} ms it is.`
      : `Push data age p95 is ${pushAge} ms (${source}); a poll every ${intervalMs} ms has the same p95.`;
    if (this.running) await this.apply();
  }

  /** Stops the running lab; the answer comes once its process is gone. */
  async stop(): Promise<void> {
    await this.#call(() => callLab(this.#baseUrl, 'DELETE', this.adminToken));
  }

  async #post(settings: Omit<LabRequest, 'labId'>): Promise<void> {
    const labId = this.running?.id;
    await this.#call(() => callLab(this.#baseUrl, 'POST', this.adminToken, labId === undefined ? settings : { ...settings, labId }));
  }

  async #call(request: () => Promise<LabAnswer>): Promise<void> {
    this.busy = true;
    try {
      const answer = await request();
      if (answer.ok) {
        this.error = null;
        this.#apply(answer, false);
      } else {
        this.error = { message: answer.message, ...(answer.field ? { field: answer.field } : {}) };
        if (answer.status === 403 && !this.state) this.available = false;
      }
    } finally {
      this.busy = false;
    }
  }

  /** Takes the hub's answer; `read` when it answers a plain read rather than this page's own change. */
  #apply(answer: Extract<LabAnswer, { ok: true }>, read: boolean): void {
    this.available = true;
    this.state = answer.state;
    const lab = answer.state.lab;
    // A lab found running, or changed since (from another tab, the API, before a reload),
    // fills the form; this page's own changes are in it already, and edits not yet
    // applied stay while the lab does not change.
    const seen = lab ? JSON.stringify([lab.id, lab.settings]) : null;
    if (lab && read && seen !== this.#seen) ({ viewers: this.viewers, mode: this.mode, intervalMs: this.intervalMs, topic: this.topic } = lab.settings);
    this.#seen = seen;
    const figures = lab?.figures;
    const last = this.history[this.history.length - 1];
    if (lab && figures && (last === undefined || figures.tsMs > last.tsMs)) {
      this.history = [...this.history, { tsMs: figures.tsMs, mode: figures.mode, figures }].slice(-LAB_HISTORY_POINTS);
    }
  }
}
