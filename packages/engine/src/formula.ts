// The number-only build: the sandbox needs no matrices, units or big numbers, and it loads in
// about 60% of the time of the full build (mathjs's import dominates a worker's start-up).
import { all, create, type FactoryFunctionMap, type MathNode } from 'mathjs/number';
import { portablePow } from './pow.js';

/**
 * Formulas of `month` (price paths, demand growth) are parsed by mathjs and then checked against
 * a whitelist before anything is compiled: numbers, the declared names, + - * / ^ and unary
 * minus, parentheses, and a few pure functions. Everything else — property access, assignment,
 * function definitions, matrices, objects, strings, units, `import`, `createUnit`, `evaluate` —
 * is refused with a message, so a scenario from a shared link can never run code.
 *
 * The mathjs instance is also locked down as mathjs's security page recommends: the functions
 * that can reach the parser or change the instance are replaced by ones that throw.
 */

export const MAX_FORMULA_CHARS = 500;
export const MAX_FORMULA_DEPTH = 24;
export const MAX_FORMULA_NODES = 400;

const math = create(all as FactoryFunctionMap, { number: 'number', predictable: true });
const refuse = (name: string) => () => {
  throw new Error(`${name} is disabled`);
};
const parse = math.parse.bind(math);
math.import(
  {
    import: refuse('import'),
    createUnit: refuse('createUnit'),
    evaluate: refuse('evaluate'),
    parse: refuse('parse'),
    simplify: refuse('simplify'),
    derivative: refuse('derivative'),
    resolve: refuse('resolve'),
    reviver: refuse('reviver'),
    compile: refuse('compile'),
    chain: refuse('chain'),
    // `x ^ y` and pow(x, y) the same in every JavaScript engine (see pow.ts).
    pow: (x: number, y: number) => portablePow(x, y),
  },
  { override: true },
);

const ALLOWED_FUNCTIONS = new Set([
  'exp',
  'log',
  'sqrt',
  'abs',
  'min',
  'max',
  'floor',
  'ceil',
  'round',
  'pow',
]);
const ALLOWED_OPERATORS = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'pow',
  'unaryMinus',
  'unaryPlus',
]);
const ALLOWED_CONSTANTS = new Set(['pi', 'e']);

export interface CompiledFormula {
  source: string;
  evaluate: (scope: Readonly<Record<string, number>>) => number;
}

export type FormulaResult = { ok: true; formula: CompiledFormula } | { ok: false; message: string };

function check(
  node: MathNode,
  names: ReadonlySet<string>,
  depth: number,
  count: { n: number },
): string | null {
  count.n++;
  if (count.n > MAX_FORMULA_NODES) return `is too large (more than ${MAX_FORMULA_NODES} terms)`;
  if (depth > MAX_FORMULA_DEPTH)
    return `is nested too deeply (more than ${MAX_FORMULA_DEPTH} levels)`;
  const recurse = (children: readonly MathNode[]): string | null => {
    for (const c of children) {
      const err = check(c, names, depth + 1, count);
      if (err) return err;
    }
    return null;
  };
  switch (node.type) {
    case 'ConstantNode': {
      const value = (node as unknown as { value: unknown }).value;
      return typeof value === 'number' && Number.isFinite(value)
        ? null
        : 'may only contain finite numbers';
    }
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      if (names.has(name) || ALLOWED_CONSTANTS.has(name)) return null;
      return `uses unknown name "${name}"; allowed: ${[...names, ...ALLOWED_CONSTANTS].join(', ')}`;
    }
    case 'ParenthesisNode':
      return recurse([(node as unknown as { content: MathNode }).content]);
    case 'OperatorNode': {
      const op = node as unknown as { fn: string; op: string; args: MathNode[] };
      if (!ALLOWED_OPERATORS.has(op.fn)) return `uses operator "${op.op}"; allowed: + - * / ^`;
      return recurse(op.args);
    }
    case 'FunctionNode': {
      const fn = node as unknown as { fn: MathNode; args: MathNode[] };
      const fnName = fn.fn.type === 'SymbolNode' ? (fn.fn as unknown as { name: string }).name : '';
      if (!ALLOWED_FUNCTIONS.has(fnName)) {
        return `calls "${fnName || 'an expression'}"; allowed functions: ${[...ALLOWED_FUNCTIONS].join(', ')}`;
      }
      return recurse(fn.args);
    }
    default:
      return `uses ${describeNode(node.type)}, which is not allowed (only arithmetic on ${[...names].join(', ')})`;
  }
}

function describeNode(type: string): string {
  const words: Record<string, string> = {
    AccessorNode: 'property access',
    AssignmentNode: 'assignment',
    FunctionAssignmentNode: 'a function definition',
    BlockNode: 'several statements',
    ObjectNode: 'an object',
    ArrayNode: 'a matrix',
    IndexNode: 'indexing',
    RangeNode: 'a range',
    ConditionalNode: 'a conditional',
    RelationalNode: 'a comparison',
  };
  return words[type] ?? type;
}

/**
 * Parses and checks a formula; returns a compiled evaluator or a message saying what is wrong.
 * @example
 * const r = compileFormula('50 * 0.97^month', ['month']);
 * if (r.ok) r.formula.evaluate({ month: 3 }); // 45.63...
 */
export function compileFormula(source: string, names: readonly string[]): FormulaResult {
  if (source.length > MAX_FORMULA_CHARS) {
    return {
      ok: false,
      message: `is too long (${source.length} characters; at most ${MAX_FORMULA_CHARS})`,
    };
  }
  // Bound nesting before parsing: mathjs's recursive-descent parser would overflow the stack.
  let open = 0;
  for (const ch of source) {
    if (ch === '(' || ch === '[' || ch === '{') open++;
    else if (ch === ')' || ch === ']' || ch === '}') open--;
    if (open > MAX_FORMULA_DEPTH) {
      return { ok: false, message: `is nested too deeply (more than ${MAX_FORMULA_DEPTH} levels)` };
    }
  }
  let node: MathNode;
  try {
    node = parse(source);
  } catch (e) {
    const msg = e instanceof Error ? e.message : 'syntax error';
    return { ok: false, message: `is not a valid formula (${msg})` };
  }
  const err = check(node, new Set(names), 0, { n: 0 });
  if (err) return { ok: false, message: err };
  const code = node.compile();
  return {
    ok: true,
    formula: {
      source,
      evaluate: (scope) => {
        const value: unknown = code.evaluate({ ...scope });
        return typeof value === 'number' ? value : Number.NaN;
      },
    },
  };
}

/**
 * Evaluates a formula at months 0..H-1 (once per month, never per run). Fails with a message if
 * any month gives NaN, an infinite value, or a value outside [min, max].
 * @example evaluateMonthly(compiled, 24, 0, 1e6)
 */
export function evaluateMonthly(
  formula: CompiledFormula,
  months: number,
  min: number,
  max: number,
): { ok: true; values: Float64Array } | { ok: false; message: string } {
  const values = new Float64Array(months);
  for (let t = 0; t < months; t++) {
    let v: number;
    try {
      v = formula.evaluate({ month: t });
    } catch (e) {
      return {
        ok: false,
        message: `fails at month ${t} (${e instanceof Error ? e.message : 'error'})`,
      };
    }
    if (!Number.isFinite(v))
      return { ok: false, message: `gives ${String(v)} at month ${t}; it must be a finite number` };
    if (v < min || v > max)
      return { ok: false, message: `gives ${v} at month ${t}; allowed ${min} to ${max}` };
    values[t] = v;
  }
  return { ok: true, values };
}

export { math as sandboxedMath };
