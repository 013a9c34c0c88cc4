/** Colour-blind-aware palettes (Okabe–Ito based), stable by index. */
export const STRATEGY_COLORS = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#6B4C9A',
  '#8C6D31',
  '#44546A',
  '#B22222',
  '#2E8B57',
  '#999933',
];
export const OFFER_COLORS = [
  '#4E79A7',
  '#F28E2B',
  '#59A14F',
  '#E15759',
  '#76B7B2',
  '#EDC948',
  '#B07AA1',
  '#FF9DA7',
  '#9C755F',
  '#BAB0AC',
  '#1F77B4',
  '#8C564B',
];

export function colorAt(palette: readonly string[], i: number): string {
  return palette[i % palette.length] as string;
}
