/**
 * Diagonal hatching for legacy-derived numbers (UI.md: same hue, hatched or lighter). An SVG
 * pattern rather than CSS so it survives "Save as PNG".
 */
export function HatchPattern({ id, color, background }: { id: string; color: string; background: string }) {
  return (
    <defs>
      <pattern id={id} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
        <rect width="6" height="6" fill={background} />
        <line x1="0" y1="0" x2="0" y2="6" stroke={color} strokeWidth="2.5" />
      </pattern>
    </defs>
  );
}
