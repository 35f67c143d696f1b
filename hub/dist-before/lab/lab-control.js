import { fork as forkProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { formatDuration } from '@hostpulse/common';
/** Longest a lab may take to start or change its viewers (a thousand sockets on a busy machine). */
export const LAB_READY_TIMEOUT_MS = 60_000;
/** Longest a stopping lab may take to close its viewers before it is killed. */
export const LAB_STOP_TIMEOUT_MS = 5000;
/** Bytes of the lab's stderr kept to explain a failure. */
const STDERR_TAIL_BYTES = 2000;
/**
 * The one load lab a hub may run: a separate process of simulated viewers (never
 * in the hub's own process, so the hub's CPU figure stays its own), started, changed
 * and stopped on request, stopped by itself `timeLimitMs` after it started, and
 * stopped with the hub.
 */
export class LabControl {
    #options;
    #nowMs;
    #fork;
    #hubUrl = null;
    #run = null;
    #lastStop = null;
    #seq = 0;
    #pending = new Map();
    constructor(options) {
        this.#options = options;
        this.#nowMs = options.nowMs ?? Date.now;
        // execArgv is not inherited: a hub under --cpu-prof must not profile its lab too.
        this.#fork = options.fork ?? ((program) => forkProcess(program, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] }));
    }
    /** Where the viewers reach the hub, known once it listens. */
    setHubUrl(url) {
        this.#hubUrl = url;
    }
    /** The running lab and how the last one ended. */
    state() {
        const run = this.#run;
        const lab = run && {
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
    async apply(settings, labId) {
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
    async stop(reason, detail) {
        const run = this.#run;
        if (!run || run.stopping)
            return run?.exited;
        run.stopping = true;
        clearTimeout(run.timer);
        if (run.proc.connected)
            run.proc.send({ type: 'stop' });
        const kill = setTimeout(() => run.proc.kill('SIGKILL'), LAB_STOP_TIMEOUT_MS);
        await run.exited;
        clearTimeout(kill);
        this.#lastStop = { id: run.id, reason, atMs: this.#nowMs(), detail };
        this.#options.log.info('lab stopped', { id: run.id, reason, detail });
    }
    #start(settings) {
        const proc = this.#fork(this.#options.program);
        const run = {
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
        proc.stderr?.on('data', (chunk) => {
            run.stderrTail = (run.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
        });
        proc.on('message', (report) => this.#onReport(run, report));
        proc.once('exit', (code, signal) => {
            clearTimeout(run.timer);
            if (this.#run === run)
                this.#run = null;
            const failure = `lab process exited (code ${code}, signal ${signal})${run.stderrTail ? `: ${run.stderrTail.trim()}` : ''}`;
            for (const settle of this.#pending.values())
                settle(failure);
            this.#pending.clear();
            if (!run.stopping) {
                this.#lastStop = { id: run.id, reason: 'failed', atMs: this.#nowMs(), detail: failure };
                this.#options.log.warn('lab failed', { id: run.id, detail: failure });
            }
        });
        return run;
    }
    #onReport(run, report) {
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
                const never = report;
                return never;
            }
        }
    }
    /** Sends the settings to the lab; resolves null once applied, or why not. */
    #send(run, settings) {
        if (this.#hubUrl === null)
            return Promise.resolve('the hub is not listening yet');
        const seq = ++this.#seq;
        const command = { type: 'run', seq, settings, baseUrl: this.#hubUrl, authorization: this.#options.viewerAuthorization, labId: run.id };
        return new Promise((resolve) => {
            const timer = setTimeout(() => settle(`the lab did not apply the settings within ${LAB_READY_TIMEOUT_MS / 1000} s`), LAB_READY_TIMEOUT_MS);
            const settle = (failure) => {
                clearTimeout(timer);
                this.#pending.delete(seq);
                resolve(failure);
            };
            this.#pending.set(seq, settle);
            run.proc.send(command);
        });
    }
}
//# sourceMappingURL=lab-control.js.map