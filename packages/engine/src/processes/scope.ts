import { offerInScope, type Scope } from '@crosswind/schema';
import type { CompileContext } from '../world/process.js';

/** The indices of the offers a scope covers, in offer order. @example scopedOffers(ctx, { labs: ['Zhipu'] }) */
export function scopedOffers(ctx: CompileContext, scope: Scope): Int32Array {
  return Int32Array.from(
    ctx.scenario.world.offers.flatMap((o, i) => (offerInScope(o, scope) ? [i] : [])),
  );
}
