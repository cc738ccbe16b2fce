import { useLibrary } from '../api/library-context';
import { VIEW_LABELS, VIEWS, type ViewName } from '../state/app-state';
import { ProblemBadge } from './problem-badge';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD_LABEL = isMac ? '⌘' : 'Ctrl+';

export function ViewTabs({ view, onChange }: { view: ViewName; onChange: (v: ViewName) => void }) {
  const { problemCount } = useLibrary();
  return (
    <div className="tabs" role="tablist" aria-label="Views" data-testid="view-tabs">
      {VIEWS.map((v, i) => (
        <button
          key={v}
          type="button"
          role="tab"
          className="tab"
          aria-selected={view === v}
          onClick={() => onChange(v)}
          title={`${VIEW_LABELS[v]} (${MOD_LABEL}${i + 1})`}
          data-testid={`tab-${v}`}
        >
          {VIEW_LABELS[v]}
          {v === 'problems' ? <ProblemBadge count={problemCount} testId="problems-badge" /> : null}
        </button>
      ))}
    </div>
  );
}
