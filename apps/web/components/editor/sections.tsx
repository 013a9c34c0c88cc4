'use client';

import { useMemo, useState, type ReactNode } from 'react';
import type { ScenarioInput } from '@crosswind/schema';
import { catalog, findCatalogOffer, toOffer, type CatalogOffer } from '@crosswind/catalog';
import {
  CheckboxField,
  CodeListField,
  FieldErrors,
  IdChecklist,
  NumberField,
  SelectField,
  TextField,
  useEditor,
} from './fields';
import { updateArrayAt } from '@/lib/paths';
import { formatUsd } from '@/lib/format';

type Offer = ScenarioInput['world']['offers'][number];
type Workload = ScenarioInput['world']['workloads'][number];
type Shock = NonNullable<ScenarioInput['world']['shocks']>[number];
type Strategy = ScenarioInput['strategies'][number];
type Route = Strategy['routes'][number];

function Section({
  id,
  title,
  intro,
  actions,
  children,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const { issuesAt } = useEditor();
  return (
    <section id={id} className="card" aria-labelledby={`${id}-h`} style={{ scrollMarginTop: 70 }}>
      <div className="item-head">
        <h2 id={`${id}-h`} style={{ margin: 0, flex: 1 }}>
          {title}
        </h2>
        {actions}
      </div>
      {intro ? (
        <p className="muted" style={{ marginTop: -4 }}>
          {intro}
        </p>
      ) : null}
      {id === 'regions' ? <FieldErrors issues={issuesAt('world.regions', true)} /> : null}
      {children}
    </section>
  );
}

function ItemHead({
  title,
  onRemove,
  onDuplicate,
  removeLabel,
}: {
  title: string;
  onRemove?: (() => void) | undefined;
  onDuplicate?: (() => void) | undefined;
  removeLabel: string;
}) {
  return (
    <div className="item-head">
      <h3>{title}</h3>
      {onDuplicate ? (
        <button
          type="button"
          className="btn btn-small btn-ghost"
          onClick={onDuplicate}
          aria-label={`Duplicate ${removeLabel}`}
        >
          Duplicate
        </button>
      ) : null}
      {onRemove ? (
        <button
          type="button"
          className="btn btn-small btn-ghost btn-danger"
          onClick={onRemove}
          aria-label={`Remove ${removeLabel}`}
        >
          Remove
        </button>
      ) : null}
    </div>
  );
}

function uniqueId(base: string, taken: readonly string[]): string {
  const clean =
    base
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '') || 'item';
  if (!taken.includes(clean)) return clean;
  for (let n = 2; ; n++) if (!taken.includes(`${clean}-${n}`)) return `${clean}-${n}`;
}

const JURISDICTION_HINT = 'code, e.g. US, CN, EU';

export function OverviewSection() {
  return (
    <Section
      id="overview"
      title="Overview"
      intro="What this scenario is about and the period it covers."
    >
      <div
        className="form-grid"
        style={{ gridTemplateColumns: 'minmax(0, 2fr) repeat(2, minmax(0, 1fr))' }}
      >
        <TextField path="name" label="Scenario name" />
        <TextField path="world.startMonth" label="Start month" hint="YYYY-MM" />
        <NumberField path="world.horizonMonths" label="Horizon" unit="months (1–120)" />
      </div>
      <div style={{ marginTop: 12 }}>
        <TextField
          path="description"
          label="Key question"
          optional
          multiline
          hint="The decision this scenario informs, in one or two sentences."
        />
      </div>
    </Section>
  );
}

function catalogLabel(c: CatalogOffer): string {
  return `${c.name} — ${c.host} · ${formatUsd(c.priceUsdPerMTokens.input)} / ${formatUsd(c.priceUsdPerMTokens.output)}`;
}

function matchCatalog(o: Offer): CatalogOffer | undefined {
  return (
    findCatalogOffer(o.id) ??
    catalog.find((c) => c.model === o.model && c.host === o.host) ??
    catalog.find(
      (c) =>
        c.lab === o.lab &&
        c.model === o.model &&
        o.kind === 'api' &&
        c.hostJurisdiction === o.hostJurisdiction,
    )
  );
}

function CatalogPicker() {
  const { doc, replace } = useEditor();
  const [choice, setChoice] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const sorted = useMemo(
    () => [...catalog].sort((a, b) => a.lab.localeCompare(b.lab) || a.name.localeCompare(b.name)),
    [],
  );
  const labs = [...new Set(sorted.map((c) => c.lab))];
  const add = () => {
    const entry = sorted.find((c) => c.source.key === choice);
    if (!entry) return;
    const offers = doc.world.offers;
    const id = uniqueId(
      entry.id,
      offers.map((o) => o.id),
    );
    const axes = [...new Set(doc.world.workloads.map((w) => w.qualityAxis))];
    let r = toOffer(entry, { id });
    let guessed = false;
    if (!r.ok) {
      r = toOffer(entry, { id, quality: Object.fromEntries(axes.map((a) => [a, 50])) });
      guessed = true;
    }
    if (!r.ok) {
      setNote(`Could not add ${entry.name}: ${r.errors.map((e) => e.message).join('; ')}`);
      return;
    }
    replace({ ...doc, world: { ...doc.world, offers: [...offers, r.offer] } }, `add offer ${id}`);
    const warnings = [
      ...(guessed ? ['quality: no published index for this model; 50 used, please set it'] : []),
      ...r.warnings,
    ];
    setNote(
      `Added ${entry.name} with catalogue prices.${warnings.length ? ` Please check: ${warnings.join('; ')}.` : ''}`,
    );
    setChoice('');
    requestAnimationFrame(() =>
      document.getElementById(`offer-${offers.length}`)?.scrollIntoView({ block: 'center' }),
    );
  };
  return (
    <div
      className="item"
      style={{ background: 'var(--accent-soft)', borderColor: '#c7d6fb', marginBottom: 14 }}
    >
      <div className="row">
        <label htmlFor="catalog-picker" className="field-label">
          Add an offer from the price catalogue
        </label>
        <select
          id="catalog-picker"
          className="select"
          style={{ flex: 1, minWidth: 260 }}
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
        >
          <option value="">Choose a model and host…</option>
          {labs.map((lab) => (
            <optgroup key={lab} label={lab}>
              {sorted
                .filter((c) => c.lab === lab)
                .map((c) => (
                  <option key={c.source.key} value={c.source.key}>
                    {catalogLabel(c)}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        <button type="button" className="btn btn-primary" disabled={!choice} onClick={add}>
          Add offer
        </button>
      </div>
      <p className="small muted" style={{ margin: '6px 0 0' }}>
        Prices in USD per million tokens (input / output), from the bundled LiteLLM snapshot.
      </p>
      {note ? (
        <p className="small" role="status" style={{ margin: '6px 0 0' }}>
          {note}
        </p>
      ) : null}
    </div>
  );
}

function OfferCard({ offer, index }: { offer: Offer; index: number }) {
  const { doc, change, replace, issuesAt } = useEditor();
  const base = `world.offers[${index}]`;
  const [userOpen, setUserOpen] = useState(false);
  const cat = matchCatalog(offer);
  const workloads = doc.world.workloads;
  const catPrice = cat?.priceUsdPerMTokens;
  const differs =
    catPrice &&
    (catPrice.input !== offer.priceUsdPerMTokens?.input ||
      catPrice.output !== offer.priceUsdPerMTokens?.output);
  const hiddenIssues = issuesAt(base).filter(
    (i) => !i.path.startsWith(`${base}.priceUsdPerMTokens`),
  );
  const open = userOpen || hiddenIssues.length > 0;
  const bodyId = `offer-${index}-details`;
  const quality = Object.entries(offer.quality ?? {})
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  return (
    <div className="item" id={`offer-${index}`} data-testid={`offer-${offer.id}`}>
      <div className="offer-head">
        <div style={{ minWidth: 0 }}>
          <h3 style={{ margin: 0 }}>{offer.name || offer.id || `Offer ${index + 1}`}</h3>
          <div className="small muted">
            {offer.kind === 'selfHost' ? 'Self-hosted' : offer.host} · lab {offer.labJurisdiction},
            host {offer.hostJurisdiction}
            {offer.openWeights ? ' · open weights' : ''} · quality {quality || '—'}
          </div>
        </div>
        <NumberField
          path={`${base}.priceUsdPerMTokens.input`}
          label="Input price"
          unit="USD per M tokens"
        />
        <NumberField
          path={`${base}.priceUsdPerMTokens.output`}
          label="Output price"
          unit="USD per M tokens"
        />
        <div className="row" style={{ gap: 4, justifyContent: 'flex-end' }}>
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={() => setUserOpen(!open)}
            disabled={hiddenIssues.length > 0}
          >
            {open ? 'Less' : 'Details'}
          </button>
          <button
            type="button"
            className="btn btn-small btn-ghost"
            aria-label={`Duplicate offer ${offer.name}`}
            onClick={() =>
              replace(
                updateArrayAt(doc, 'world.offers', (a) => [
                  ...a,
                  {
                    ...offer,
                    id: uniqueId(
                      offer.id,
                      doc.world.offers.map((o) => o.id),
                    ),
                    name: `${offer.name} (copy)`,
                  },
                ]),
                `duplicate offer ${offer.id}`,
              )
            }
          >
            Duplicate
          </button>
          <button
            type="button"
            className="btn btn-small btn-ghost btn-danger"
            aria-label={`Remove offer ${offer.name}`}
            onClick={() =>
              replace(
                updateArrayAt(doc, 'world.offers', (a) => a.filter((_, i) => i !== index)),
                `remove offer ${offer.id}`,
              )
            }
          >
            Remove
          </button>
        </div>
      </div>
      {cat && differs ? (
        <div className="row small" style={{ marginTop: 8 }}>
          <span className="muted">
            Catalogue price for {cat.name} ({cat.host}): {formatUsd(cat.priceUsdPerMTokens.input)} /{' '}
            {formatUsd(cat.priceUsdPerMTokens.output)}
          </span>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => change(`${base}.priceUsdPerMTokens`, { ...cat.priceUsdPerMTokens })}
          >
            Use catalogue price
          </button>
        </div>
      ) : null}
      {open ? (
        <div id={bodyId}>
          <div className="subhead">Identity</div>
          <div className="form-grid">
            <TextField path={`${base}.name`} label="Name" />
            <TextField path={`${base}.id`} label="Id" hint="used by strategies and shocks" />
            <TextField path={`${base}.lab`} label="Lab" />
            <TextField path={`${base}.model`} label="Model" />
            <TextField path={`${base}.host`} label="Host" />
            <SelectField
              path={`${base}.kind`}
              label="Kind"
              options={[
                { value: 'api', label: 'API' },
                { value: 'selfHost', label: 'Self-hosted' },
              ]}
            />
            <TextField
              path={`${base}.labJurisdiction`}
              label="Lab jurisdiction"
              hint={JURISDICTION_HINT}
            />
            <TextField
              path={`${base}.hostJurisdiction`}
              label="Host jurisdiction"
              hint={JURISDICTION_HINT}
            />
            <CheckboxField path={`${base}.openWeights`} label="Open weights" />
          </div>
          <div className="subhead">Quality and capacity</div>
          <div className="form-grid">
            {Object.keys(offer.quality ?? {}).map((axis) => (
              <NumberField
                key={axis}
                path={`${base}.quality.${axis}`}
                label={`Quality: ${axis}`}
                unit="capability index, 0–100"
              />
            ))}
            <NumberField
              path={`${base}.privateBenchmarkGapMonths`}
              label="Private-benchmark gap"
              unit="months behind public scores"
              optional
            />
            <NumberField
              path={`${base}.capacityMTokensPerMonth`}
              label="Monthly capacity"
              unit="million tokens (empty: unlimited)"
              optional
            />
          </div>
          <FieldErrors issues={issuesAt(`${base}.quality`, true)} />
          <div className="subhead">Output tokens relative to the workload reference</div>
          <div className="form-grid">
            {workloads.map((w: Workload) => {
              const m = offer.tokenMultiplier?.[w.id];
              return typeof m === 'object' ? (
                <div key={w.id} className="field">
                  <span className="field-label">{w.name}</span>
                  <span className="small muted" style={{ lineHeight: '34px' }}>
                    lognormal, median {m.lognormal.median}×, σ {m.lognormal.sigma} (edit in JSON)
                  </span>
                </div>
              ) : (
                <NumberField
                  key={w.id}
                  path={`${base}.tokenMultiplier.${w.id}`}
                  label={w.name}
                  unit="× tokens (empty: 1)"
                  optional
                />
              );
            })}
          </div>
          <div className="subhead">Outages</div>
          <div className="form-grid">
            <NumberField
              path={`${base}.outages.ratePerMonth`}
              label="Incidents"
              unit="per month"
              optional
            />
            <NumberField
              path={`${base}.outages.durationHours.mu`}
              label="Duration μ"
              unit="mean of ln(hours)"
              optional
            />
            <NumberField
              path={`${base}.outages.durationHours.sigma`}
              label="Duration σ"
              unit="sd of ln(hours)"
              optional
            />
            <NumberField
              path={`${base}.outages.severity`}
              label="Severity"
              unit="share of capacity lost, 0–1"
              optional
            />
          </div>
          <FieldErrors issues={issuesAt(`${base}.outages`, true)} />
          {offer.kind === 'selfHost' ? (
            <>
              <div className="subhead">Self-hosting</div>
              <div className="form-grid">
                <NumberField
                  path={`${base}.selfHost.gpuHourUsd`}
                  label="GPU-hour price"
                  unit="USD per GPU-hour"
                />
                <NumberField path={`${base}.selfHost.gpusPerReplica`} label="GPUs per replica" />
                <NumberField
                  path={`${base}.selfHost.replicas`}
                  label="Replicas"
                  unit="reserved, paid whether used or not"
                />
                <NumberField
                  path={`${base}.selfHost.outputTokensPerSecondPerReplica`}
                  label="Throughput"
                  unit="output tokens/s per replica"
                />
                <NumberField
                  path={`${base}.selfHost.utilisationCeiling`}
                  label="Utilisation ceiling"
                  unit="share, 0–1"
                />
                <NumberField
                  path={`${base}.selfHost.leadTimeMonths`}
                  label="Lead time"
                  unit="months"
                />
                <NumberField
                  path={`${base}.selfHost.setupCostUsd`}
                  label="Setup cost"
                  unit="USD, once"
                />
                <NumberField
                  path={`${base}.selfHost.monthlyOpsUsd`}
                  label="Operations"
                  unit="USD per month"
                />
              </div>
            </>
          ) : null}
          <FieldErrors issues={issuesAt(`${base}.selfHost`, true)} />
        </div>
      ) : null}
    </div>
  );
}

export function OffersSection() {
  const { doc } = useEditor();
  return (
    <Section
      id="offers"
      title="Offers"
      intro="Each offer is one route to one model: the lab's own API, another host, or your own cluster."
    >
      <CatalogPicker />
      {doc.world.offers.map((o, i) => (
        <OfferCard key={i} offer={o} index={i} />
      ))}
    </Section>
  );
}

export function WorkloadsSection() {
  const { doc, replace, issuesAt } = useEditor();
  const axes = [...new Set(doc.world.offers.flatMap((o) => Object.keys(o.quality ?? {})))];
  return (
    <Section
      id="workloads"
      title="Workloads"
      intro="The kinds of tasks you buy AI for, how many there are, and how hard they are."
      actions={
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            const first = doc.world.workloads[0];
            const id = uniqueId(
              'workload',
              doc.world.workloads.map((w) => w.id),
            );
            const fresh: Workload = first
              ? { ...first, id, name: 'New workload' }
              : {
                  id,
                  name: 'New workload',
                  tasksPerMonth: 10000,
                  inputTokensPerAttempt: 1000,
                  outputTokensPerAttempt: 300,
                  qualityAxis: axes[0] ?? 'general',
                  difficulty: 35,
                  slope: 5,
                  maxRetries: 1,
                };
            replace(
              updateArrayAt(doc, 'world.workloads', (a) => [...a, fresh]),
              'add workload',
            );
          }}
        >
          Add workload
        </button>
      }
    >
      {doc.world.workloads.map((w, i) => {
        const base = `world.workloads[${i}]`;
        const growth = w.growth;
        return (
          <div key={i} className="item" data-testid={`workload-${w.id}`}>
            <ItemHead
              title={w.name || w.id}
              removeLabel={`workload ${w.name}`}
              onRemove={
                doc.world.workloads.length > 1
                  ? () =>
                      replace(
                        updateArrayAt(doc, 'world.workloads', (a) => a.filter((_, k) => k !== i)),
                        `remove workload ${w.id}`,
                      )
                  : undefined
              }
            />
            <div className="form-grid">
              <TextField path={`${base}.name`} label="Name" />
              <TextField path={`${base}.id`} label="Id" />
              <NumberField
                path={`${base}.tasksPerMonth`}
                label="Tasks per month"
                unit="at the start month"
              />
              {growth && 'formula' in growth ? (
                <TextField
                  path={`${base}.growth.formula`}
                  label="Growth formula"
                  hint="demand multiplier as a formula of month"
                />
              ) : (
                <NumberField
                  path={`${base}.growth.monthlyRate`}
                  label="Growth"
                  unit="per month, e.g. 0.04 = 4%"
                />
              )}
              <NumberField
                path={`${base}.inputTokensPerAttempt`}
                label="Input tokens"
                unit="per attempt"
              />
              <NumberField
                path={`${base}.outputTokensPerAttempt`}
                label="Output tokens"
                unit="per attempt (reference model)"
              />
              <SelectField
                path={`${base}.qualityAxis`}
                label="Quality axis"
                options={axes.map((a) => ({ value: a, label: a }))}
              />
              <NumberField
                path={`${base}.difficulty`}
                label="Difficulty"
                unit="capability index where half succeed"
              />
              <NumberField path={`${base}.slope`} label="Slope" unit="index points per logit" />
              <NumberField
                path={`${base}.maxRetries`}
                label="Retries"
                unit="after a failed attempt"
              />
              <NumberField
                path={`${base}.valuePerSuccessUsd`}
                label="Value per success"
                unit="USD per successful task"
                optional
              />
            </div>
            <FieldErrors issues={issuesAt(`${base}.regionMix`)} />
          </div>
        );
      })}
    </Section>
  );
}

export function RegionsSection() {
  const { doc, replace } = useEditor();
  const sum = doc.world.regions.reduce(
    (a, r) => a + (typeof r.demandShare === 'number' ? r.demandShare : 0),
    0,
  );
  return (
    <Section
      id="regions"
      title="Regions"
      intro={`Where your users are, and under which jurisdiction. Shares of demand add up to 1 (now ${sum.toFixed(2)}).`}
      actions={
        <button
          type="button"
          className="btn btn-small"
          onClick={() =>
            replace(
              updateArrayAt(doc, 'world.regions', (a) => [
                ...a,
                {
                  id: uniqueId(
                    'region',
                    doc.world.regions.map((r) => r.id),
                  ),
                  name: 'New region',
                  demandShare: 0,
                  jurisdiction: 'US',
                },
              ]),
              'add region',
            )
          }
        >
          Add region
        </button>
      }
    >
      {doc.world.regions.map((r, i) => {
        const base = `world.regions[${i}]`;
        return (
          <div key={i} className="item">
            <ItemHead
              title={r.name || r.id}
              removeLabel={`region ${r.name}`}
              onRemove={
                doc.world.regions.length > 1
                  ? () =>
                      replace(
                        updateArrayAt(doc, 'world.regions', (a) => a.filter((_, k) => k !== i)),
                        `remove region ${r.id}`,
                      )
                  : undefined
              }
            />
            <div className="form-grid">
              <TextField path={`${base}.name`} label="Name" />
              <TextField path={`${base}.id`} label="Id" />
              <NumberField
                path={`${base}.demandShare`}
                label="Share of demand"
                unit="0–1, e.g. 0.25"
              />
              <TextField
                path={`${base}.jurisdiction`}
                label="Jurisdiction"
                hint={JURISDICTION_HINT}
              />
            </div>
          </div>
        );
      })}
    </Section>
  );
}

const SHOCK_KINDS: Record<Shock['kind'], string> = {
  ban: 'Ban',
  capacityCut: 'Capacity cut',
  priceChange: 'Price change',
  priceJumps: 'Random price jumps',
  release: 'Model releases',
};

function scopeSummary(s: Shock): string {
  const sc = s.scope ?? {};
  const parts: string[] = [];
  if (sc.labJurisdictions) parts.push(`labs in ${sc.labJurisdictions.join(', ')}`);
  if (sc.hostJurisdictions) parts.push(`hosted in ${sc.hostJurisdictions.join(', ')}`);
  if (sc.labs) parts.push(`labs ${sc.labs.join(', ')}`);
  if (sc.kinds)
    parts.push(sc.kinds.map((k) => (k === 'api' ? 'APIs' : 'self-hosted')).join(' and '));
  if (sc.openWeights !== undefined) parts.push(sc.openWeights ? 'open weights' : 'closed weights');
  return parts.join(' · ');
}

function TimingFields({ base, shock }: { base: string; shock: Shock }) {
  const { change } = useEditor();
  if (!('timing' in shock) || !shock.timing) return null;
  const t = shock.timing as Record<string, unknown>;
  const mode =
    'atMonth' in t ? 'atMonth' : 'hazardPerMonth' in t ? 'hazardPerMonth' : 'ratePerMonth';
  return (
    <>
      <div className="field">
        <label className="field-label" htmlFor={`${base}-timing-mode`}>
          When
        </label>
        <select
          id={`${base}-timing-mode`}
          className="select"
          value={mode}
          onChange={(e) => {
            const m = e.target.value;
            change(
              `${base}.timing`,
              m === 'atMonth'
                ? { atMonth: 0 }
                : m === 'hazardPerMonth'
                  ? { hazardPerMonth: 0.01 }
                  : { ratePerMonth: 0.5 },
            );
          }}
        >
          <option value="atMonth">At a fixed month</option>
          <option value="hazardPerMonth">With a chance each month</option>
          {shock.kind === 'release' ? (
            <option value="ratePerMonth">At a rate per month</option>
          ) : null}
        </select>
      </div>
      {mode === 'atMonth' ? (
        <NumberField path={`${base}.timing.atMonth`} label="Month" unit="0 = start month" />
      ) : null}
      {mode === 'hazardPerMonth' ? (
        <NumberField
          path={`${base}.timing.hazardPerMonth`}
          label="Chance per month"
          unit="probability, e.g. 0.01 = 1%"
        />
      ) : null}
      {mode === 'ratePerMonth' ? (
        <NumberField
          path={`${base}.timing.ratePerMonth`}
          label="Releases"
          unit="per month per lab"
        />
      ) : null}
    </>
  );
}

function DurationFields({ base, shock }: { base: string; shock: Shock }) {
  const { change } = useEditor();
  if (shock.kind !== 'ban' && shock.kind !== 'capacityCut') return null;
  const d = shock.duration ?? 'permanent';
  const mode = d === 'permanent' ? 'permanent' : 'months' in d ? 'months' : 'lognormal';
  return (
    <>
      <div className="field">
        <label className="field-label" htmlFor={`${base}-duration-mode`}>
          How long
        </label>
        <select
          id={`${base}-duration-mode`}
          className="select"
          value={mode}
          onChange={(e) => {
            const m = e.target.value;
            change(
              `${base}.duration`,
              m === 'permanent'
                ? 'permanent'
                : m === 'months'
                  ? { months: 6 }
                  : { lognormalMonths: { median: 3, sigma: 0.8 } },
            );
          }}
        >
          <option value="permanent">Permanent</option>
          <option value="months">Fixed number of months</option>
          <option value="lognormal">Uncertain (median months)</option>
        </select>
      </div>
      {mode === 'months' ? (
        <NumberField path={`${base}.duration.months`} label="Duration" unit="months" />
      ) : null}
      {mode === 'lognormal' ? (
        <>
          <NumberField
            path={`${base}.duration.lognormalMonths.median`}
            label="Median duration"
            unit="months"
          />
          <NumberField
            path={`${base}.duration.lognormalMonths.sigma`}
            label="Spread"
            unit="sd of ln(months)"
          />
        </>
      ) : null}
    </>
  );
}

function describeTiming(s: Shock): string {
  const t = ('timing' in s ? s.timing : undefined) as Record<string, unknown> | undefined;
  if (s.kind === 'priceJumps') return `${String(s.ratePerMonth)} jumps per month per offer`;
  if (!t) return '';
  if (typeof t.atMonth === 'number') return `at month ${t.atMonth}`;
  if (typeof t.hazardPerMonth === 'number')
    return `${+(t.hazardPerMonth * 100).toFixed(2)}% chance per month`;
  if (typeof t.ratePerMonth === 'number') return `${t.ratePerMonth} per month per lab`;
  return '';
}

function describeDuration(s: Shock): string {
  if (s.kind !== 'ban' && s.kind !== 'capacityCut') return '';
  const d = s.duration ?? 'permanent';
  if (d === 'permanent') return 'permanent';
  if ('months' in d) return `${d.months} months`;
  return `about ${d.lognormalMonths.median} months`;
}

function ShockCard({
  shock: s,
  index: i,
  offerOptions,
  regionOptions,
  groups,
}: {
  shock: Shock;
  index: number;
  offerOptions: { value: string; label: string }[];
  regionOptions: { value: string; label: string }[];
  groups: NonNullable<ScenarioInput['world']['commonShocks']>;
}) {
  const { doc, replace, change, issuesAt } = useEditor();
  const [userOpen, setUserOpen] = useState(false);
  const base = `world.shocks[${i}]`;
  const summary = scopeSummary(s);
  const issues = issuesAt(base);
  const open = userOpen || issues.length > 0;
  const offersText =
    s.scope?.offers
      ?.map((id) => offerOptions.find((o) => o.value === id)?.label ?? id)
      .join(', ') ??
    summary ??
    'all offers';
  const regionsText =
    s.scope?.regions
      ?.map((id) => regionOptions.find((r) => r.value === id)?.label ?? id)
      .join(', ') ?? 'all regions';
  const group = 'group' in s && s.group ? groups.find((g) => g.id === s.group) : undefined;
  return (
    <div className="item" data-testid={`shock-${s.id}`}>
      <div className="item-head" style={{ marginBottom: open ? 12 : 0, alignItems: 'flex-start' }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <h3 style={{ margin: 0 }}>
            {SHOCK_KINDS[s.kind]}: {s.name ?? s.id}
          </h3>
          <div className="small muted">
            {[
              describeTiming(s),
              describeDuration(s),
              `offers: ${offersText || 'all'}`,
              `users: ${regionsText}`,
              group ? `fires with “${group.name ?? group.id}”` : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </div>
        </div>
        <button
          type="button"
          className="btn btn-small"
          aria-expanded={open}
          onClick={() => setUserOpen(!open)}
          disabled={issues.length > 0}
        >
          {open ? 'Less' : 'Edit'}
        </button>
        <button
          type="button"
          className="btn btn-small btn-ghost btn-danger"
          aria-label={`Remove shock ${s.name ?? s.id}`}
          onClick={() =>
            replace(
              updateArrayAt(doc, 'world.shocks', (a) => a.filter((_, k) => k !== i)),
              `remove shock ${s.id}`,
            )
          }
        >
          Remove
        </button>
      </div>
      {open ? (
        <>
          <div className="form-grid">
            <TextField path={`${base}.name`} label="Name" optional />
            <TextField path={`${base}.id`} label="Id" />
            <TimingFields base={base} shock={s} />
            <DurationFields base={base} shock={s} />
            {s.kind === 'capacityCut' ? (
              <NumberField
                path={`${base}.capacityFactor`}
                label="Capacity left"
                unit="share, 0–1"
              />
            ) : null}
            {s.kind === 'priceChange' ? (
              <NumberField
                path={`${base}.factor`}
                label="Price factor"
                unit="× price from then on"
              />
            ) : null}
            {s.kind === 'priceJumps' ? (
              <>
                <NumberField
                  path={`${base}.ratePerMonth`}
                  label="Jumps"
                  unit="per month per offer"
                />
                <NumberField
                  path={`${base}.logSizeMean`}
                  label="Jump size (mean)"
                  unit="mean of ln(price factor)"
                />
                <NumberField
                  path={`${base}.logSizeSd`}
                  label="Jump size (spread)"
                  unit="sd of ln(price factor)"
                />
              </>
            ) : null}
            {s.kind === 'release' ? (
              <>
                <NumberField
                  path={`${base}.qualityStepMean`}
                  label="Quality step"
                  unit="index points (mean)"
                />
                <NumberField
                  path={`${base}.qualityStepSd`}
                  label="Quality step spread"
                  unit="index points (sd)"
                />
              </>
            ) : null}
            {(s.kind === 'ban' || s.kind === 'capacityCut') && groups.length > 0 ? (
              <SelectField
                path={`${base}.group`}
                label="Fires with"
                fallback=""
                options={[
                  { value: '', label: 'on its own' },
                  ...groups.map((g) => ({ value: g.id, label: g.name ?? g.id })),
                ]}
                onSelect={(v) => change(`${base}.group`, v === '' ? undefined : v)}
              />
            ) : null}
          </div>
          <div className="stack" style={{ gap: 10, marginTop: 12 }}>
            <IdChecklist
              path={`${base}.scope.offers`}
              label="Offers affected"
              options={offerOptions}
              emptyMeans={summary ? `all matching: ${summary}` : 'all offers'}
            />
            <IdChecklist
              path={`${base}.scope.regions`}
              label="User regions affected"
              options={regionOptions}
              emptyMeans="all regions"
            />
          </div>
        </>
      ) : null}
    </div>
  );
}

export function ShocksSection() {
  const { doc, replace } = useEditor();
  const shocks = doc.world.shocks ?? [];
  const offerOptions = doc.world.offers.map((o) => ({ value: o.id, label: o.name }));
  const regionOptions = doc.world.regions.map((r) => ({ value: r.id, label: r.name }));
  const groups = doc.world.commonShocks ?? [];
  return (
    <Section
      id="shocks"
      title="Shocks"
      intro="Things that can happen to offers: bans for some users, capacity cuts, price moves and new model releases."
      actions={
        <button
          type="button"
          className="btn btn-small"
          onClick={() =>
            replace(
              updateArrayAt(doc, 'world.shocks', (a) => [
                ...a,
                {
                  id: uniqueId(
                    'ban',
                    shocks.map((s) => s.id),
                  ),
                  name: 'New ban',
                  kind: 'ban',
                  scope: { offers: [doc.world.offers[0]?.id ?? ''] },
                  timing: { hazardPerMonth: 0.01 },
                  duration: 'permanent',
                },
              ]),
              'add shock',
            )
          }
        >
          Add ban
        </button>
      }
    >
      {shocks.map((s, i) => (
        <ShockCard
          key={i}
          shock={s}
          index={i}
          offerOptions={offerOptions}
          regionOptions={regionOptions}
          groups={groups}
        />
      ))}
      {groups.length > 0 ? (
        <>
          <div className="subhead">Common shocks (several bans firing together)</div>
          {groups.map((g, i) => (
            <div key={i} className="item">
              <div className="form-grid">
                <TextField path={`world.commonShocks[${i}].name`} label="Name" optional />
                <TextField path={`world.commonShocks[${i}].id`} label="Id" />
                <NumberField
                  path={`world.commonShocks[${i}].hazardPerMonth`}
                  label="Chance per month"
                  unit="probability, e.g. 0.005"
                />
              </div>
            </div>
          ))}
        </>
      ) : null}
    </Section>
  );
}

function RouteEditor({
  sBase,
  route,
  index,
  onRemove,
}: {
  sBase: string;
  route: Route;
  index: number;
  onRemove?: (() => void) | undefined;
}) {
  const { doc, change, issuesAt } = useEditor();
  const base = `${sBase}.routes[${index}]`;
  const offerOptions = doc.world.offers.map((o) => ({ value: o.id, label: o.name }));
  const fallbacks = route.fallbacks ?? [];
  return (
    <div className="item" style={{ background: '#fff' }}>
      <ItemHead
        title={`Route ${index + 1}`}
        removeLabel={`route ${index + 1}`}
        onRemove={onRemove}
      />
      <div className="grid-2">
        <IdChecklist
          path={`${base}.workloads`}
          label="Workloads"
          options={doc.world.workloads.map((w) => ({ value: w.id, label: w.name }))}
        />
        <IdChecklist
          path={`${base}.regions`}
          label="Regions"
          options={doc.world.regions.map((r) => ({ value: r.id, label: r.name }))}
        />
      </div>
      <div className="subhead">Primary offers (weights add up to 1)</div>
      {route.primary.map((p, k) => (
        <div
          key={k}
          className="form-grid"
          style={{
            gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr) auto',
            alignItems: 'start',
            marginBottom: 8,
          }}
        >
          <SelectField
            path={`${base}.primary[${k}].offer`}
            label={`Primary ${k + 1}`}
            options={offerOptions}
          />
          <NumberField path={`${base}.primary[${k}].weight`} label="Weight" unit="share, 0–1" />
          <button
            type="button"
            className="btn btn-small btn-ghost btn-danger"
            disabled={route.primary.length <= 1}
            aria-label={`Remove primary ${k + 1}`}
            onClick={() =>
              change(
                `${base}.primary`,
                route.primary.filter((_, j) => j !== k),
              )
            }
            style={{ marginTop: 24 }}
          >
            Remove
          </button>
        </div>
      ))}
      <FieldErrors issues={issuesAt(`${base}.primary`, true)} />
      <button
        type="button"
        className="btn btn-small"
        onClick={() =>
          change(`${base}.primary`, [
            ...route.primary,
            { offer: offerOptions[0]?.value ?? '', weight: 0 },
          ])
        }
      >
        Add primary offer
      </button>
      <div className="subhead">Fallbacks, in order</div>
      {fallbacks.map((f, k) => (
        <div
          key={k}
          className="form-grid"
          style={{ gridTemplateColumns: 'minmax(0, 2fr) auto', alignItems: 'end', marginBottom: 8 }}
        >
          <SelectField
            path={`${base}.fallbacks[${k}]`}
            label={`Fallback ${k + 1}`}
            options={offerOptions}
          />
          <button
            type="button"
            className="btn btn-small btn-ghost btn-danger"
            aria-label={`Remove fallback ${k + 1}`}
            onClick={() =>
              change(
                `${base}.fallbacks`,
                fallbacks.filter((_, j) => j !== k),
              )
            }
            style={{ marginBottom: 4 }}
          >
            Remove
          </button>
        </div>
      ))}
      <FieldErrors issues={issuesAt(`${base}.fallbacks`, true)} />
      <button
        type="button"
        className="btn btn-small"
        onClick={() => change(`${base}.fallbacks`, [...fallbacks, offerOptions[0]?.value ?? ''])}
      >
        Add fallback
      </button>
    </div>
  );
}

export function StrategiesSection() {
  const { doc, replace, issuesAt } = useEditor();
  return (
    <Section
      id="strategies"
      title="Strategies"
      intro="How your organisation buys: which offers serve which work, what it falls back to, and the budget. Every strategy faces the same simulated worlds."
    >
      {doc.strategies.map((s, i) => {
        const base = `strategies[${i}]`;
        return (
          <div key={i} className="item" data-testid={`strategy-${s.id}`}>
            <ItemHead
              title={s.name || s.id}
              removeLabel={`strategy ${s.name}`}
              onRemove={
                doc.strategies.length > 1
                  ? () =>
                      replace(
                        updateArrayAt(doc, 'strategies', (a) => a.filter((_, k) => k !== i)),
                        `remove strategy ${s.id}`,
                      )
                  : undefined
              }
              onDuplicate={() =>
                replace(
                  updateArrayAt(doc, 'strategies', (a) => [
                    ...a,
                    {
                      ...s,
                      id: uniqueId(
                        s.id,
                        doc.strategies.map((x) => x.id),
                      ),
                      name: `${s.name} (copy)`,
                    },
                  ]),
                  `duplicate strategy ${s.id}`,
                )
              }
            />
            <div className="form-grid">
              <TextField path={`${base}.name`} label="Name" />
              <TextField path={`${base}.id`} label="Id" />
              <NumberField
                path={`${base}.budgetUsd`}
                label="Budget"
                unit="USD over the horizon (empty: none)"
                optional
              />
              <CodeListField
                path={`${base}.allowedJurisdictions`}
                label="Allowed jurisdictions"
                hint="lab and host codes, e.g. US, EU (empty: all)"
              />
              <SelectField
                path={`${base}.mode`}
                label="Mode"
                fallback="rule"
                options={[
                  { value: 'rule', label: 'Rules' },
                  { value: 'adaptive', label: 'Adaptive' },
                ]}
                hint="rules: primary, then fallbacks; adaptive: shifts to cheaper offers"
              />
              <NumberField
                path={`${base}.switching.switchCostUsd`}
                label="Switching cost"
                unit="USD per move"
              />
              <NumberField
                path={`${base}.switching.lagMonths`}
                label="Switching lag"
                unit="months"
                optional
              />
              {s.mode === 'adaptive' ? (
                <NumberField
                  path={`${base}.adaptive.beta`}
                  label="Adaptivity (β)"
                  unit="softmax sharpness"
                />
              ) : null}
            </div>
            <div style={{ marginTop: 12 }}>
              <TextField path={`${base}.description`} label="Description" optional />
            </div>
            <FieldErrors
              issues={[...issuesAt(`${base}.routes`, true), ...issuesAt(`${base}.adaptive`, true)]}
            />
            <div className="subhead">Routes</div>
            <div className="stack" style={{ gap: 10 }}>
              {s.routes.map((r, k) => (
                <RouteEditor
                  key={k}
                  sBase={base}
                  route={r}
                  index={k}
                  onRemove={
                    s.routes.length > 1
                      ? () =>
                          replace(
                            updateArrayAt(doc, `${base}.routes`, (a) =>
                              a.filter((_, j) => j !== k),
                            ),
                            'remove route',
                          )
                      : undefined
                  }
                />
              ))}
            </div>
            <button
              type="button"
              className="btn btn-small"
              style={{ marginTop: 10 }}
              onClick={() =>
                replace(
                  updateArrayAt(doc, `${base}.routes`, (a) => [
                    ...a,
                    {
                      primary: [{ offer: doc.world.offers[0]?.id ?? '', weight: 1 }],
                      fallbacks: [],
                    },
                  ]),
                  'add route',
                )
              }
            >
              Add route
            </button>
          </div>
        );
      })}
    </Section>
  );
}

export function SimulationSection() {
  return (
    <Section
      id="simulation"
      title="Simulation"
      intro="How many worlds to simulate. The same seed gives the same numbers."
    >
      <div className="form-grid">
        <NumberField
          path="simulation.runs"
          label="Runs"
          unit="simulated worlds (more: tighter estimates, slower)"
        />
        <TextField path="simulation.seed" label="Seed" hint="any whole number or word" numeric />
        <NumberField
          path="simulation.sampleRuns"
          label="Sample worlds kept"
          unit="for the event timeline (0–20)"
        />
      </div>
    </Section>
  );
}
