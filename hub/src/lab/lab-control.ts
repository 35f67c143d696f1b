import { fork as forkProcess, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { LabCommand, LabFigures, LabReport, LabRun, LabSettings, LabState, LabStopReason } from '@hostpulse/protocol';
import { formatDuration, type Logger } from '@hostpulse/common';

/** Longest a lab may take to start or change its viewers (a thousand sockets on a busy machine). */
export const LAB_READY_TIMEOUT_MS = 60_000;

/** Longest a stopping lab may take to close its viewers before it is killed. */
export const LAB_STOP_TIMEOUT_MS = 5000;

/** What the control needs from outside. */
export interface LabControlOptions {
  /** The lab process's entry file. */
  program: string;
  timeLimitMs: number;
  /** Authorization header the viewers send (the viewer token), if the hub wants one. */
  viewerAuthorization: string | undefined;
  log: Logger;
  nowMs?: () => number;
  /** Starts the lab process; tests pass a fake. */
  fork?: (program: string) => ChildProcess;
}

/** The outcome of POST /api/lab. */
export type LabApplyResult = { kind: 'started' | 'changed' } | { kind: 'conflict' | 'failed'; message: string };

interface Running {
  id: string;
  settings: LabSettings;
  proc: ChildProcess;
  startedMs: number;
  figures: LabFigures | null;
  timer: ReturnType<typeof setTimeout>;
  exited: Promise<void>;
  stopping: boolean;
  stderrTail: string;
}

/** Bytes of the lab's stderr kept to explain a failure. */
const STDERR_TAIL_BYTES = 2000;

/**
 * The one load lab a hub may run: a separate process of simulated viewers (never
 * in the hub's own process, so the hub's CPU figure stays its own), started, changed
 * and stopped on request, stopped by itself `timeLimitMs` after it started, and
 * stopped with the hub.
 */
export class LabControl {
  readonly #options: LabControlOptions;
  readonly #nowMs: () => number;
  readonly #fork: (program: string) => ChildProcess;
  #hubUrl: string | null = null;
  #run: Running | null = null;
  #lastStop: LabState['lastStop'] = null;
  #seq = 0;
  readonly #pending = new Map<number, (failure: string | null) => void>();

  constructor(options: LabControlOptions) {
    this.#options = options;
    this.#nowMs = options.nowMs ?? Date.now;
    // execArgv is not inherited: a hub under --cpu-prof must not profile its lab too.
    this.#fork = options.fork ?? ((program) => forkProcess(program, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] }));
  }

  /** Where the viewers reach the hub, known once it listens. */
  setHubUrl(url: string): void {
    this.#hubUrl = url;
  }

  /** The running lab and how the last one ended. */
  state(): Omit<LabState, 'adminTokenRequired'> {
    const run = this.#run;
    const lab: LabRun | null = run && {
      id: run.id,
      settings: run.settings,
      pid: run.proc.pid ?? 0,
      startedMs: run.startedMs,
      stopsAtMs: run.startedMs + this.#options.timeLimitMs,
      figures: run.figures,
    };
    return { lab, lastStop: this.#lastStop };
  }

  /**
   * Starts a lab, or changes the running one when `labId` names it. A start while
   * one runs, or a change naming another lab (one that stopped meanwhile), is a conflict.
   */
  async apply(settings: LabSettings, labId: string | undefined): Promise<LabApplyResult> {
    const run = this.#run;
    if (labId !== undefined && run?.id !== labId) {
      return { kind: 'conflict', message: `lab "${labId}" is not running${run ? `; lab "${run.id}" is` : ''}: read GET /api/lab, then start a new one or change that one` };
    }
    if (labId === undefined && run) {
      return { kind: 'conflict', message: `a lab is already running (id "${run.id}", ${run.settings.viewers} ${run.settings.mode} viewers): send "labId":"${run.id}" to change it, or DELETE /api/lab first` };
    }
    const target = run ?? this.#start(settings);
    const failure = await this.#send(target, settings);
    if (failure !== null) {
      await this.stop('failed', failure);
      return { kind: 'failed', message: failure };
    }
    target.settings = settings;
    this.#options.log.info(run ? 'lab changed' : 'lab started', { id: target.id, pid: target.proc.pid, ...settings });
    return { kind: run ? 'changed' : 'started' };
  }

  /** Stops the running lab, if any, and resolves once its process is gone. */
  async stop(reason: LabStopReason, detail: string): Promise<void> {
    const run = this.#run;
    if (!run || run.stopping) return run?.exited;
    run.stopping = true;
    clearTimeout(run.timer);
    if (run.proc.connected) run.proc.send({ type: 'stop' } satisfies LabCommand);
    const kill = setTimeout(() => run.proc.kill('SIGKILL'), LAB_STOP_TIMEOUT_MS);
    await run.exited;
    clearTimeout(kill);
    this.#lastStop = { id: run.id, reason, atMs: this.#nowMs(), detail };
    this.#options.log.info('lab stopped', { id: run.id, reason, detail });
  }

  #start(settings: LabSettings): Running {
    const proc = this.#fork(this.#options.program);
    const run: Running = {
      id: `lab-${randomBytes(4).toString('hex')}`,
      settings,
      proc,
      startedMs: this.#nowMs(),
      figures: null,
      timer: setTimeout(() => void this.stop('timeLimit', `stopped by itself ${formatDuration(this.#options.timeLimitMs)} after it started`), this.#options.timeLimitMs),
      exited: new Promise((resolve) => proc.once('exit', () => resolve())),
      stopping: false,
      stderrTail: '',
    };
    this.#run = run;
    proc.stderr?.on('data', (chunk: Buffer) => {
      run.stderrTail = (run.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    proc.on('message', (report: LabReport) => this.#onReport(run, report));
    proc.once('exit', (code, signal) => {
      clearTimeout(run.timer);
      if (this.#run === run) this.#run = null;
      const failure = `lab process exited (code ${code}, signal ${signal})${run.stderrTail ? `: ${run.stderrTail.trim()}` : ''}`;
      for (const settle of this.#pending.values()) settle(failure);
      this.#pending.clear();
      if (!run.stopping) {
        this.#lastStop = { id: run.id, reason: 'failed', atMs: this.#nowMs(), detail: failure };
        this.#options.log.warn('lab failed', { id: run.id, detail: failure });
      }
    });
    return run;
  }

  #onReport(run: Running, report: LabReport): void {
    switch (report.type) {
      case 'figures':
        run.figures = report.figures;
        return;
      case 'ready':
      case 'failed': {
        const settle = this.#pending.get(report.seq);
        this.#pending.delete(report.seq);
        settle?.(report.type === 'failed' ? report.message : null);
        return;
      }
      default: {
        const never: never = report;
        return never;
      }
    }
  }

  /** Sends the settings to the lab; resolves null once applied, or why not. */
  #send(run: Running, settings: LabSettings): Promise<string | null> {
    if (this.#hubUrl === null) return Promise.resolve('the hub is not listening yet');
    const seq = ++this.#seq;
    const command: LabCommand = { type: 'run', seq, settings, baseUrl: this.#hubUrl, authorization: this.#options.viewerAuthorization, labId: run.id };
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(`the lab did not apply the settings within ${LAB_READY_TIMEOUT_MS / 1000} s`), LAB_READY_TIMEOUT_MS);
      const settle = (failure: string | null): void => {
        clearTimeout(timer);
        this.#pending.delete(seq);
        resolve(failure);
      };
      this.#pending.set(seq, settle);
      run.proc.send(command);
    });
  }
}
