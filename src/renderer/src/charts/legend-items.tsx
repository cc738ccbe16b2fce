/** Legend entries drawn the way the chart draws them, in the meaning colours. */
export function LegendSwatch({
  color,
  label,
  kind = 'box',
  hatched,
}: {
  color: string;
  label: string;
  kind?: 'box' | 'line' | 'dashed';
  hatched?: boolean;
}) {
  const style =
    kind === 'dashed'
      ? { background: `repeating-linear-gradient(90deg, ${color} 0 5px, transparent 5px 8px)`, width: 16 }
      : kind === 'line'
        ? { background: color, width: 16 }
        : hatched
          ? { backgroundColor: color }
          : { background: color };
  return (
    <span className="item">
      <span className={`swatch${kind === 'box' ? '' : ' line'}${hatched ? ' hatched' : ''}`} style={style} />
      {label}
    </span>
  );
}
