import type { Io } from './io.js';

const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 100;

/**
 * A progress line on stderr for long runs: only on a terminal, only once the work has taken
 * more than a second, rewritten in place with `\r` and ended with a newline by `finish()`.
 * @example
 * const p = new ProgressLine(io, 'simulating'); engine(..., (d, t) => p.update(d, t)); p.finish();
 */
export class ProgressLine {
  private readonly started: number;
  private lastDraw = -Infinity;
  private drawn = false;
  private lastDone = 0;
  private lastTotal = 0;

  constructor(
    private readonly io: Io,
    private readonly label: string,
    private readonly enabled: boolean = io.stderrIsTTY,
  ) {
    this.started = io.now();
  }

  update(done: number, total: number): void {
    this.lastDone = done;
    this.lastTotal = total;
    if (!this.enabled) return;
    const now = this.io.now();
    if (now - this.started < SHOW_AFTER_MS || now - this.lastDraw < REDRAW_EVERY_MS) return;
    this.lastDraw = now;
    this.draw(now);
  }

  finish(): void {
    if (!this.drawn) return;
    this.draw(this.io.now());
    this.io.stderr('\n');
  }

  private draw(now: number): void {
    const pct = this.lastTotal > 0 ? Math.floor((100 * this.lastDone) / this.lastTotal) : 0;
    const seconds = ((now - this.started) / 1000).toFixed(1);
    this.io.stderr(
      `\r${this.label}: ${String(pct).padStart(3)}% (${this.lastDone.toLocaleString('en-US')} / ${this.lastTotal.toLocaleString('en-US')} runs, ${seconds} s)`,
    );
    this.drawn = true;
  }
}
