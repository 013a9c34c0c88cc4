import type { ScenarioInput } from '@crosswind/schema';
import { ScrollTable } from './results/chart-card';
import { formatCount, formatUsd } from '@/lib/format';

/** A read-only digest of a scenario's inputs: what a reader needs to trust the numbers. */
export function ScenarioSummary({ scenario }: { scenario: ScenarioInput }) {
  const w = scenario.world;
  const offerName = (id: string) => w.offers.find((o) => o.id === id)?.name ?? id;
  return (
    <div className="grid-2">
      <section className="card" aria-labelledby="sum-offers">
        <h3 id="sum-offers">Offers</h3>
        <ScrollTable label="Offers">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Offer</th>
                <th scope="col">Input (USD/M)</th>
                <th scope="col">Output (USD/M)</th>
                <th scope="col">Lab / host</th>
              </tr>
            </thead>
            <tbody>
              {w.offers.map((o) => (
                <tr key={o.id}>
                  <td className="text">{o.name}</td>
                  <td>{formatUsd(o.priceUsdPerMTokens.input)}</td>
                  <td>{formatUsd(o.priceUsdPerMTokens.output)}</td>
                  <td>
                    {o.labJurisdiction} / {o.hostJurisdiction}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      </section>
      <section className="card" aria-labelledby="sum-strategies">
        <h3 id="sum-strategies">Strategies</h3>
        <ul className="list">
          {scenario.strategies.map((s) => (
            <li key={s.id} style={{ display: 'block' }}>
              <strong>{s.name}</strong>
              {s.budgetUsd !== undefined ? (
                <span className="muted small"> · budget {formatUsd(s.budgetUsd)}</span>
              ) : null}
              <div className="small muted">
                {s.description ??
                  s.routes
                    .map(
                      (r) =>
                        `${r.primary.map((p) => offerName(p.offer)).join(' + ')}${r.fallbacks?.length ? `, then ${r.fallbacks.map(offerName).join(', ')}` : ''}`,
                    )
                    .join('; ')}
              </div>
            </li>
          ))}
        </ul>
        <p className="small muted" style={{ marginTop: 8 }}>
          {w.horizonMonths} months from {w.startMonth} ·{' '}
          {w.workloads.map((x) => `${x.name} ${formatCount(x.tasksPerMonth)}/month`).join(' · ')} ·{' '}
          {(w.shocks ?? []).length} shocks
        </p>
      </section>
    </div>
  );
}
