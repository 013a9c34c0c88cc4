import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { ProgressLine } from './progress.js';

function fakeIo(isTTY: boolean): { io: Io; err: string[]; clock: { t: number } } {
  const err: string[] = [];
  const clock = { t: 0 };
  const io: Io = {
    stdout: () => undefined,
    stderr: (text) => err.push(text),
    stderrIsTTY: isTTY,
    readStdin: () => '',
    now: () => clock.t,
  };
  return { io, err, clock };
}

describe('ProgressLine', () => {
  it('stays silent for runs under a second', () => {
    const { io, err, clock } = fakeIo(true);
    const p = new ProgressLine(io, 'simulating');
    clock.t = 900;
    p.update(10, 10);
    p.finish();
    expect(err).toEqual([]);
  });

  it('rewrites one line in place after a second and ends it with a newline', () => {
    const { io, err, clock } = fakeIo(true);
    const p = new ProgressLine(io, 'simulating');
    clock.t = 1200;
    p.update(2500, 10_000);
    clock.t = 1250;
    p.update(3000, 10_000); // too soon to redraw
    clock.t = 1400;
    p.update(10_000, 10_000);
    p.finish();
    expect(err).toEqual([
      '\rsimulating:  25% (2,500 / 10,000 runs, 1.2 s)',
      '\rsimulating: 100% (10,000 / 10,000 runs, 1.4 s)',
      '\rsimulating: 100% (10,000 / 10,000 runs, 1.4 s)',
      '\n',
    ]);
  });

  it('prints nothing when stderr is not a terminal', () => {
    const { io, err, clock } = fakeIo(false);
    const p = new ProgressLine(io, 'simulating');
    clock.t = 5000;
    p.update(1, 2);
    p.finish();
    expect(err).toEqual([]);
  });
});
