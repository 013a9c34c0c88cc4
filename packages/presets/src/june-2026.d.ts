import type { ScenarioInput } from '@crosswind/schema';
/**
 * The canonical June 2026 scenario of MODEL.md section 8. Tags in comments: [C] from the two
 * June 2026 columns, [D] from public data (LiteLLM price snapshot 2026-07-24, status pages),
 * [A] an assumption to tune.
 */
/** Outage and overload profiles, shared with the other presets. */
export declare const OPENAI_OUTAGES: {
    ratePerMonth: number;
    durationHours: {
        mu: number;
        sigma: number;
    };
    severity: number;
};
export declare const HOST_OUTAGES: {
    ratePerMonth: number;
    durationHours: {
        mu: number;
        sigma: number;
    };
    severity: number;
};
export declare const CN_OUTAGES: {
    ratePerMonth: number;
    durationHours: {
        mu: number;
        sigma: number;
    };
    severity: number;
};
export declare const CN_OVERLOAD: {
    ratePerMonth: number;
    medianHours: number;
    sigma: number;
    severity: number;
};
/** Every strategy pays the same to move a workload-region cell, and has the same budget. [A] */
export declare const SWITCHING: {
    lagMonths: number;
    switchCostUsd: number;
    exitFeeUsd: number;
    contractMonths: number;
    inertiaBonus: number;
};
export declare const june2026: ScenarioInput;
