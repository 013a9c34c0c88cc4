import type { z } from 'zod';
import { scenarioObjectSchema, type Scenario } from './scenario.js';
import { hasTokenCap, offerInScope } from './scope.js';

/** One problem with a scenario, at a path such as `strategies[1].routes[0].fallbacks[0]`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * A valid scenario comes with its warnings: things that are allowed but probably not meant
 * (e.g. a shock whose scope matches no offer).
 */
export type ValidationResult =
  | { ok: true; scenario: Scenario; warnings: ValidationIssue[] }
  | { ok: false; issues: ValidationIssue[] };

type PathSegment = PropertyKey;

/** Formats a path as `a.b[0].c`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(root)' : out;
}

const EPS = 1e-6;

function checkUnique(
  ctx: z.RefinementCtx,
  items: readonly { id: string }[],
  at: PathSegment[],
  what: string,
): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, i, 'id'],
        message: `duplicate ${what} id "${item.id}"`,
      });
    }
    seen.add(item.id);
  });
  return seen;
}

function checkRefs(
  ctx: z.RefinementCtx,
  ids: readonly string[] | undefined,
  known: Set<string>,
  at: PathSegment[],
  what: string,
): void {
  ids?.forEach((id, i) => {
    if (!known.has(id)) {
      const allowed = [...known]
        .slice(0, 12)
        .map((k) => `"${k}"`)
        .join(', ');
      ctx.addIssue({
        code: 'custom',
        path: [...at, i],
        message: `unknown ${what} "${id}"; known: ${allowed}`,
      });
    }
  });
}

function checkMonth(ctx: z.RefinementCtx, month: number, horizon: number, at: PathSegment[]): void {
  if (month >= horizon) {
    ctx.addIssue({
      code: 'custom',
      path: at,
      message: `month ${month} is past the horizon (0..${horizon - 1})`,
    });
  }
}

/** Cross-reference checks that a plain object schema cannot express. */
function refineScenario(s: Scenario, ctx: z.RefinementCtx): void {
  const w = s.world;
  const H = w.horizonMonths;
  const regionIds = checkUnique(ctx, w.regions, ['world', 'regions'], 'region');
  const offerIds = checkUnique(ctx, w.offers, ['world', 'offers'], 'offer');
  const workloadIds = checkUnique(ctx, w.workloads, ['world', 'workloads'], 'workload');
  checkUnique(ctx, w.shocks, ['world', 'shocks'], 'shock');
  const groupIds = checkUnique(ctx, w.commonShocks, ['world', 'commonShocks'], 'common shock');
  checkUnique(ctx, s.strategies, ['strategies'], 'strategy');

  const regionSum = w.regions.reduce((acc, r) => acc + r.demandShare, 0);
  if (Math.abs(regionSum - 1) > EPS) {
    ctx.addIssue({
      code: 'custom',
      path: ['world', 'regions'],
      message: `region demand shares must add up to 1 (they add up to ${regionSum.toFixed(4)})`,
    });
  }

  w.workloads.forEach((wl, i) => {
    if (wl.regionMix) {
      const keys = Object.keys(wl.regionMix);
      checkRefs(ctx, keys, regionIds, ['world', 'workloads', i, 'regionMix'], 'region');
      const sum = Object.values(wl.regionMix).reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > EPS) {
        ctx.addIssue({
          code: 'custom',
          path: ['world', 'workloads', i, 'regionMix'],
          message: `region mix must add up to 1 (it adds up to ${sum.toFixed(4)})`,
        });
      }
    }
  });

  w.offers.forEach((o, i) => {
    const at = ['world', 'offers', i];
    for (const wl of w.workloads) {
      if (o.quality[wl.qualityAxis] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'quality'],
          message: `missing quality axis "${wl.qualityAxis}" used by workload "${wl.id}"`,
        });
      }
    }
    checkRefs(
      ctx,
      Object.keys(o.tokenMultiplier),
      workloadIds,
      [...at, 'tokenMultiplier'],
      'workload',
    );
    if (o.kind === 'selfHost' && !o.selfHost) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'selfHost'],
        message: 'a self-hosted offer needs its selfHost settings (GPUs, replicas, throughput)',
      });
    }
    if (o.kind === 'api' && o.selfHost) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'selfHost'],
        message: 'only offers of kind "selfHost" take selfHost settings',
      });
    }
    if (o.pricePath?.type === 'steps') {
      o.pricePath.steps.forEach((st, j) =>
        checkMonth(ctx, st.month, H, [...at, 'pricePath', 'steps', j, 'month']),
      );
    }
  });

  w.shocks.forEach((sh, i) => {
    const at = ['world', 'shocks', i];
    checkRefs(ctx, sh.scope.offers, offerIds, [...at, 'scope', 'offers'], 'offer');
    checkRefs(ctx, sh.scope.regions, regionIds, [...at, 'scope', 'regions'], 'region');
    if ('timing' in sh && 'atMonth' in sh.timing)
      checkMonth(ctx, sh.timing.atMonth, H, [...at, 'timing', 'atMonth']);
    if (sh.kind === 'retirement') {
      checkMonth(ctx, sh.atMonth, H, [...at, 'atMonth']);
      if (sh.scope.regions) {
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'scope', 'regions'],
          message:
            'a retirement applies in every region; remove "regions" (to stop serving some regions only, use a ban)',
        });
      }
    }
    if (sh.kind === 'capacityCut' && sh.scope.regions) {
      // A token cap is one number for all regions: a cut of some regions only has no meaning.
      const partial = w.regions.some((r) => !sh.scope.regions?.includes(r.id));
      const capped = w.offers.filter((o) => hasTokenCap(o) && offerInScope(o, sh.scope));
      if (partial && capped.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'scope', 'regions'],
          message: `offer "${capped[0]?.id}" has a token cap, one for all regions, so a capacity cut cannot apply to some regions only; remove "regions" or leave offers with a cap out of the scope (capped offers in scope: ${capped.map((o) => `"${o.id}"`).join(', ')})`,
        });
      }
    }
    if (
      (sh.kind === 'ban' || sh.kind === 'capacityCut') &&
      sh.group !== undefined &&
      !groupIds.has(sh.group)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'group'],
        message: `unknown common shock "${sh.group}"`,
      });
    }
  });

  s.strategies.forEach((st, i) => {
    const at: PathSegment[] = ['strategies', i];
    if (st.mode === 'adaptive' && !st.adaptive) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'adaptive'],
        message: 'adaptive mode needs adaptive settings ({ beta })',
      });
    }
    st.routes.forEach((r, j) => {
      const rat = [...at, 'routes', j];
      checkRefs(ctx, r.workloads, workloadIds, [...rat, 'workloads'], 'workload');
      checkRefs(ctx, r.regions, regionIds, [...rat, 'regions'], 'region');
      checkRefs(
        ctx,
        r.primary.map((p) => p.offer),
        offerIds,
        [...rat, 'primary'],
        'offer',
      );
      checkRefs(ctx, r.fallbacks, offerIds, [...rat, 'fallbacks'], 'offer');
      const wsum = r.primary.reduce((a, p) => a + p.weight, 0);
      if (Math.abs(wsum - 1) > EPS) {
        ctx.addIssue({
          code: 'custom',
          path: [...rat, 'primary'],
          message: `primary weights must add up to 1 (they add up to ${wsum.toFixed(4)})`,
        });
      }
    });
    for (const wl of w.workloads) {
      for (const rg of w.regions) {
        const served = st.routes.some(
          (r) =>
            (!r.workloads || r.workloads.includes(wl.id)) &&
            (!r.regions || r.regions.includes(rg.id)),
        );
        if (!served) {
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'routes'],
            message: `no route serves workload "${wl.id}" in region "${rg.id}"`,
          });
        }
      }
    }
  });
}

/** The full scenario schema: shape, bounds and cross-references. Use this everywhere. */
export const scenarioSchema = scenarioObjectSchema.superRefine(refineScenario);

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_union': {
      // Report the branch that came closest (fewest issues), so the message says what to fix.
      const branches = issue.errors.filter((b) => b.length > 0);
      const best = branches.sort((a, b) => a.length - b.length)[0];
      const first = best?.[0];
      if (first && first.code !== 'invalid_type') {
        const sub = formatPath(first.path);
        return `${sub === '(root)' ? '' : `${sub}: `}${describeIssue(first)}`;
      }
      return issue.message === 'Invalid input' ? 'does not match any allowed form' : issue.message;
    }
    case 'invalid_type':
      if (/received undefined$/.test(issue.message))
        return `is required (${article(issue.expected)})`;
      return issue.message.replace(/^Invalid input: /, '');
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  const words: Record<string, string> = {
    object: 'an object',
    array: 'a list',
    number: 'a number',
    string: 'text',
    boolean: 'true or false',
  };
  return words[expected] ?? expected;
}

/** Turns zod issues into `{ path, message }` with paths like `strategies[1].fallbacks[0]`. */
export function formatIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: describeIssue(issue),
  }));
}

/**
 * Validates an unknown value as a scenario, with defaults applied.
 * @example
 * const r = validateScenario(JSON.parse(text));
 * if (!r.ok) for (const i of r.issues) console.error(`${i.path}: ${i.message}`);
 */
export function validateScenario(input: unknown): ValidationResult {
  const parsed = scenarioSchema.safeParse(input);
  if (parsed.success)
    return { ok: true, scenario: parsed.data, warnings: scenarioWarnings(parsed.data) };
  return { ok: false, issues: formatIssues(parsed.error) };
}

/**
 * What a valid scenario allows but probably does not mean: shocks whose scope matches no offer.
 * @example scenarioWarnings(scenario) // [{ path: 'world.shocks[3].scope', message: 'matches no offer, ...' }]
 */
export function scenarioWarnings(s: Scenario): ValidationIssue[] {
  const warnings: ValidationIssue[] = [];
  s.world.shocks.forEach((sh, i) => {
    if (!s.world.offers.some((o) => offerInScope(o, sh.scope)))
      warnings.push({
        path: `world.shocks[${i}].scope`,
        message: `matches no offer, so the shock "${sh.id}" changes nothing`,
      });
  });
  return warnings;
}

/** One line per issue: `path: message`. */
export function issuesToText(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('\n');
}
