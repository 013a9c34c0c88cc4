/** Hours in an average month (8,766 h a year / 12); outages are measured against it (docs/model.md 2). */
export const HOURS_PER_MONTH = 730.5;
/** Index points of capability lost per month of private-benchmark gap (docs/model.md 5.2). */
export const GAP_SLOPE_POINTS_PER_MONTH = 2.5;
