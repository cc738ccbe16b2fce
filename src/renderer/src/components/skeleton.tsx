/** Placeholders shaped like what is loading, so the layout does not jump when it arrives. */
export function SkeletonBlock({ height, width }: { height: number; width?: number | string }) {
  return <div className="skeleton-block" style={{ height, width: width ?? '100%' }} aria-hidden="true" />;
}

export function SkeletonLines({ lines, width }: { lines: number; width?: number | string }) {
  return (
    <div
      role="status"
      aria-busy="true"
      aria-label="Loading"
      style={{ display: 'flex', flexDirection: 'column', gap: 8, padding: 8 }}
    >
      {Array.from({ length: lines }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders that never reorder
        <div key={i} className="skeleton-line" style={{ width: width ?? `${70 + ((i * 37) % 30)}%` }} />
      ))}
    </div>
  );
}

export function DashboardSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading" data-testid="loading">
      <div className="tiles">
        {Array.from({ length: 8 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders that never reorder
          <SkeletonBlock key={i} height={58} />
        ))}
      </div>
      <div className="grid two">
        <SkeletonBlock height={300} />
        <SkeletonBlock height={300} />
        <SkeletonBlock height={300} />
        <SkeletonBlock height={300} />
      </div>
    </div>
  );
}
