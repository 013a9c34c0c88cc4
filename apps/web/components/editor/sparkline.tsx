/**
 * A tiny line chart of a monthly series (a price factor, a demand multiplier), with its first,
 * lowest and highest values in words for screen readers and in a caption.
 */
export function Sparkline({
  values,
  label,
  width = 160,
  height = 36,
}: {
  values: readonly number[];
  label: string;
  width?: number;
  height?: number;
}) {
  if (values.length === 0) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const pad = 3;
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const points = values
    .map((v, i) => {
      const x = pad + i * step;
      const y = height - pad - ((v - min) / span) * (height - 2 * pad);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
  const fmt = (v: number) => String(+v.toPrecision(3));
  const last = values[values.length - 1] ?? 0;
  const summary = `${label}: ${fmt(values[0] ?? 0)} at month 0, ${fmt(last)} at month ${values.length - 1}; lowest ${fmt(min)}, highest ${fmt(max)}`;
  return (
    <figure className="sparkline" data-testid="sparkline">
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={summary}
      >
        <polyline
          points={points}
          fill="none"
          stroke="var(--accent)"
          strokeWidth="1.6"
          strokeLinejoin="round"
        />
      </svg>
      <figcaption className="small muted">
        {fmt(values[0] ?? 0)} → {fmt(last)} over {values.length} months (range {fmt(min)}–{fmt(max)}
        )
      </figcaption>
    </figure>
  );
}
