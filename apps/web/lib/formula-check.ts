import { compileFormula, evaluateMonthly } from '@crosswind/engine';

/**
 * Checks a formula of `month` as you type, with the engine's own sandboxed parser and the same
 * bounds the engine applies when it prepares a scenario (0 to 1,000,000 at every month of the
 * horizon), so what passes here passes on the server. The engine's messages are rephrased in
 * plain words: "Value expected (char 5)" becomes "something is missing after “2 ^”".
 */

/** The range the engine accepts for price factors and demand multipliers at every month. */
export const FORMULA_MIN = 0;
export const FORMULA_MAX = 1e6;

export type FormulaCheck =
  { ok: true; values: number[] } | { ok: false; message: string; at?: number };

function fmt(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('en-US') : String(+v.toPrecision(4));
}

/** The typed text up to character `char` (1-based, as mathjs counts), trimmed, for messages. */
function before(source: string, char: number): string {
  const head = source.slice(0, Math.max(0, char - 1)).trim();
  return head.length > 24 ? `…${head.slice(-24)}` : head;
}

/** Damerau-free edit distance, enough to suggest "month" for "monht" or "mnth". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  return (d[a.length] as number[])[b.length] as number;
}

/** Rephrases one engine message about `source` in plain words. */
export function plainFormulaMessage(source: string, message: string): string {
  const syntax = /^is not a valid formula \((.*) \(char (\d+)\)\)$/.exec(message);
  if (syntax) {
    const what = syntax[1] ?? '';
    const char = Number(syntax[2]);
    const head = before(source, char);
    if (/^Unexpected end of expression/.test(what))
      return head
        ? `is unfinished: something is missing after “${head}”`
        : 'is unfinished: something is missing at the end';
    if (/^Parenthesis \) expected/.test(what)) return 'has a “(” that is never closed with “)”';
    if (/^Unexpected operator \)/.test(what))
      return `has a “)” with no “(” before it (character ${char})`;
    if (/^Unexpected operator ,/.test(what))
      return `has a “,” outside a function's brackets (character ${char}); decimals take a point, e.g. 0.97`;
    if (/^Value expected/.test(what))
      return head
        ? `needs a number or “month” after “${head}” (character ${char})`
        : 'needs a number or “month” at the start';
    if (/^Unexpected operator (.+)/.test(what))
      return `has “${/^Unexpected operator (.+)/.exec(what)?.[1] ?? ''}” where it does not belong (character ${char})`;
    return `cannot be read at character ${char} (after “${head}”)`;
  }
  const unknown = /^uses unknown name "(.*)"/.exec(message);
  if (unknown) {
    const name = unknown[1] ?? '';
    const hint = distance(name.toLowerCase(), 'month') <= 2 ? ' Did you mean “month”?' : '';
    return `uses “${name}”, which is not known: only month, numbers, pi and e can be used.${hint}`;
  }
  if (/^calls "/.test(message))
    return message.replace(/^calls "(.*)";/, 'uses the function “$1”, which is not allowed;');
  if (/^uses operator/.test(message))
    return message.replace(
      /^uses operator "(.*)"; allowed: /,
      'uses “$1”, which is not allowed; use ',
    );
  if (message === 'may only contain finite numbers')
    return source.trim() === ''
      ? 'is empty: write a formula of month, e.g. 0.97^month'
      : 'may only contain numbers, month and arithmetic (a number may also be too large)';
  const gives = /^gives (.*) at month (\d+); (.*)$/.exec(message);
  if (gives) {
    const v = Number(gives[1]);
    if (!Number.isFinite(v))
      return `gives no number at month ${gives[2]} (${gives[1]}): look for a division by zero, log(0) or the square root of a negative number`;
    return `gives ${fmt(v)} at month ${gives[2]}; it must stay between ${fmt(FORMULA_MIN)} and ${fmt(FORMULA_MAX)} at every month`;
  }
  return message;
}

/**
 * Checks `source` and evaluates it at months 0..horizon-1.
 * @example checkFormula('0.97^month', 24) // { ok: true, values: [1, 0.97, 0.9409, ...] }
 */
export function checkFormula(source: string, horizonMonths: number): FormulaCheck {
  if (source.trim() === '')
    return { ok: false, message: 'is empty: write a formula of month, e.g. 0.97^month' };
  const compiled = compileFormula(source, ['month']);
  if (!compiled.ok) return { ok: false, message: plainFormulaMessage(source, compiled.message) };
  const months = Number.isInteger(horizonMonths) && horizonMonths > 0 ? horizonMonths : 1;
  const values = evaluateMonthly(compiled.formula, months, FORMULA_MIN, FORMULA_MAX);
  if (!values.ok) return { ok: false, message: plainFormulaMessage(source, values.message) };
  return { ok: true, values: [...values.values] };
}

/**
 * The formula problems of a document being edited, as issues at the formula's path (the path
 * the engine reports on Run), so they count, link and block Run like every other issue.
 */
export function formulaIssues(doc: {
  world?: {
    horizonMonths?: unknown;
    offers?: readonly { pricePath?: unknown }[];
    workloads?: readonly { growth?: unknown }[];
  };
}): { path: string; message: string }[] {
  const horizon = doc.world?.horizonMonths;
  const H = typeof horizon === 'number' && Number.isInteger(horizon) && horizon >= 1 ? horizon : 1;
  const out: { path: string; message: string }[] = [];
  const check = (formula: unknown, path: string) => {
    if (typeof formula !== 'string' || formula.trim() === '') return; // the schema reports these
    const r = checkFormula(formula, Math.min(H, 120));
    if (!r.ok) out.push({ path, message: `this formula ${r.message}` });
  };
  doc.world?.offers?.forEach((o, i) => {
    const p = o.pricePath as { type?: unknown; formula?: unknown } | undefined;
    if (p?.type === 'formula') check(p.formula, `world.offers[${i}].pricePath.formula`);
  });
  doc.world?.workloads?.forEach((w, j) => {
    const g = w.growth as { formula?: unknown } | undefined;
    if (g && 'formula' in g) check(g.formula, `world.workloads[${j}].growth.formula`);
  });
  return out;
}
