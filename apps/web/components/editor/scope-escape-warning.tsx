'use client';

import { useEditor } from './fields';
import { getAt, setAt } from '@/lib/paths';
import type { ScopeEscape } from '@/lib/scope';

/**
 * "Fable 5 via AWS Bedrock (EU) is outside the ban …": an offer of a banned model that an
 * offer-scoped ban does not name, with the two fixes: add it to the ban, or scope the ban by
 * model so that every host of the model is covered, now and later.
 */
export function ScopeEscapeWarning({
  escape,
  offerId,
}: {
  escape: ScopeEscape;
  /** when given, the warning is about this one offer */
  offerId?: string;
}) {
  const { apply } = useEditor();
  const offers = offerId ? escape.offers.filter((o) => o.id === offerId) : escape.offers;
  const scopePath = `world.shocks[${escape.shock}].scope`;
  const models = [...new Set(escape.offers.map((o) => o.model))];
  return (
    <div
      className="alert alert-warn"
      role="status"
      data-testid="ban-escape"
      style={{ marginTop: 8 }}
    >
      {offers.map((o) => o.name).join(', ')} {offers.length > 1 ? 'are' : 'is'} the same model (
      {models.join(', ')}) as an offer the ban “{escape.shockName}” names, but{' '}
      {offers.length > 1 ? 'they are' : 'it is'} outside its scope: the ban does not reach{' '}
      {offers.length > 1 ? 'them' : 'it'}.
      <div className="row" style={{ marginTop: 6 }}>
        <button
          type="button"
          className="btn btn-small"
          onClick={() =>
            apply((d) => {
              const cur = getAt(d, `${scopePath}.offers`);
              const list = Array.isArray(cur) ? (cur as string[]) : [];
              return setAt(d, `${scopePath}.offers`, [...list, ...offers.map((o) => o.id)]);
            }, `add to ban ${escape.shockName}`)
          }
        >
          Add {offers.length > 1 ? 'them' : 'it'} to the ban
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() =>
            apply((d) => {
              const scope = (getAt(d, scopePath) ?? {}) as Record<string, unknown>;
              const { offers: _offers, ...rest } = scope;
              const banned = (getAt(d, 'world.offers') as { id: string; model: string }[])
                .filter((o) => Array.isArray(_offers) && (_offers as string[]).includes(o.id))
                .map((o) => o.model);
              return setAt(d, scopePath, { ...rest, models: [...new Set(banned)] });
            }, `scope ban ${escape.shockName} by model`)
          }
        >
          Ban the model on every host instead
        </button>
      </div>
    </div>
  );
}
