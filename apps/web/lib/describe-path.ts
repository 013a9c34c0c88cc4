import type { ScenarioInput } from '@crosswind/schema';
import { getAt, parsePath } from './paths';

/** Editor sections, in page order, and which part of the scenario each holds. */
export const SECTIONS = [
  { id: 'overview', title: 'Overview' },
  { id: 'offers', title: 'Offers' },
  { id: 'workloads', title: 'Workloads' },
  { id: 'regions', title: 'Regions' },
  { id: 'shocks', title: 'Shocks' },
  { id: 'strategies', title: 'Strategies' },
  { id: 'simulation', title: 'Simulation' },
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];

export function sectionOf(path: string): SectionId {
  if (path.startsWith('world.offers')) return 'offers';
  if (path.startsWith('world.workloads')) return 'workloads';
  if (path.startsWith('world.regions')) return 'regions';
  if (path.startsWith('world.shocks') || path.startsWith('world.commonShocks')) return 'shocks';
  if (path.startsWith('strategies')) return 'strategies';
  if (path.startsWith('simulation')) return 'simulation';
  return 'overview';
}

const FIELD_LABELS: Record<string, string> = {
  'priceUsdPerMTokens.input': 'input price',
  'priceUsdPerMTokens.output': 'output price',
  priceUsdPerMTokens: 'price',
  tasksPerMonth: 'tasks per month',
  demandShare: 'share of demand',
  inputTokensPerAttempt: 'input tokens per attempt',
  outputTokensPerAttempt: 'output tokens per attempt',
  privateBenchmarkGapMonths: 'private-benchmark gap',
  capacityMTokensPerMonth: 'monthly capacity',
  budgetUsd: 'budget',
  horizonMonths: 'horizon',
  startMonth: 'start month',
  hazardPerMonth: 'chance per month',
  atMonth: 'month',
  valuePerSuccessUsd: 'value per successful task',
  maxRetries: 'retries',
  qualityAxis: 'quality axis',
  regionMix: 'region mix',
  tokenMultiplier: 'token multiplier',
  fallbacks: 'fallbacks',
  primary: 'primary offers',
  routes: 'routes',
  runs: 'number of runs',
  'pricePath.formula': 'price formula',
  'pricePath.steps': 'price steps',
  'pricePath.steps.month': 'price step month',
  'pricePath.steps.factor': 'price step factor',
  'growth.formula': 'growth formula',
  'growth.monthlyRate': 'growth rate',
  'scope.offers': 'offers hit',
  'scope.models': 'models hit',
  'scope.labs': 'labs hit',
  'scope.regions': 'regions hit',
  'outages.ratePerMonth': 'incidents per month',
  'outages.clusteringShape': 'outage clustering',
  'overload.medianHours': 'overload length',
  capacityFactor: 'capacity left',
  'primary.weight': 'primary weight',
  'primary.offer': 'primary offer',
  sampleRuns: 'sample runs',
};

function nameOf(item: unknown, fallback: string): string {
  if (item && typeof item === 'object') {
    const o = item as { name?: unknown; id?: unknown };
    if (typeof o.name === 'string' && o.name) return `“${o.name}”`;
    if (typeof o.id === 'string' && o.id) return `“${o.id}”`;
  }
  return fallback;
}

/** "world.offers[3].priceUsdPerMTokens.input" -> "Offer “GLM 5.2” › input price". */
export function describePath(doc: ScenarioInput, path: string): string {
  const segs = parsePath(path);
  const parts: string[] = [];
  let i = 0;
  const collections: Record<string, string> = {
    offers: 'Offer',
    workloads: 'Workload',
    regions: 'Region',
    shocks: 'Shock',
    commonShocks: 'Common shock',
    strategies: 'Strategy',
  };
  if (segs[0] === 'world') i = 1;
  const head = segs[i];
  if (typeof head === 'string' && collections[head]) {
    const idx = segs[i + 1];
    if (typeof idx === 'number') {
      parts.push(`${collections[head]} ${nameOf(getAt(doc, segs.slice(0, i + 2)), `#${idx + 1}`)}`);
      i += 2;
    } else {
      parts.push(`${collections[head]}s`);
      i += 1;
    }
  } else if (head === 'simulation') {
    parts.push('Simulation settings');
    i += 1;
  }
  const rest = segs.slice(i);
  const restKey = rest.filter((s) => typeof s === 'string').join('.');
  if (rest[0] === 'routes' && typeof rest[1] === 'number') {
    parts.push(`route ${rest[1] + 1}`);
    const tail = rest
      .slice(2)
      .filter((s) => typeof s === 'string')
      .join('.');
    if (tail) parts.push(FIELD_LABELS[tail] ?? tail);
  } else if (restKey) {
    parts.push(FIELD_LABELS[restKey] ?? restKey.replace(/([A-Z])/g, ' $1').toLowerCase());
  }
  return parts.join(' › ') || 'Scenario';
}
