import { useState } from 'react';
import { useLibrary } from '../../api/library-context';
import { useAppSelection } from '../../state/app-selection';
import { type CompareGroup, cleanFilter, isEmptyFilter } from '../../state/app-state';
import {
  groupForGlob,
  groupOfApps,
  groupsFromApps,
  MAX_GROUPS,
  uniqueName,
} from '../../state/compare-groups';
import { describeFilter } from '../../state/filter-summary';
import { useAppState } from '../../state/use-app-state';
import { groupColor, useThemeColors } from '../../theme/use-theme-colors';

function NameInput({ value, onCommit }: { value: string; onCommit: (v: string) => void }) {
  const [text, setText] = useState(value);
  const commit = (): void => {
    const t = text.trim().slice(0, 80);
    if (t && t !== value) onCommit(t);
    else setText(value);
  };
  return (
    <input
      className="input name-input"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
      aria-label="Group name"
      maxLength={80}
    />
  );
}

/** The 2–6 groups of a comparison: from the filter, from picked apps, or by app glob. */
export function GroupEditor() {
  const [state, setState] = useAppState();
  const colors = useThemeColors();
  const { sourceName } = useLibrary();
  const { selected, clear } = useAppSelection();
  const [glob, setGlob] = useState('');
  const groups = state.groups;
  const full = groups.length >= MAX_GROUPS;

  const setGroups = (next: CompareGroup[]): void => setState({ groups: next.slice(0, MAX_GROUPS) });
  const add = (g: CompareGroup): void => setGroups([...groups, { ...g, name: uniqueName(groups, g.name) }]);
  const addGlob = (): void => {
    const g = glob.trim();
    if (!g) return;
    const base = cleanFilter({ ...state.filter, app: undefined, appRefs: undefined });
    add(groupForGlob(base, g));
    setGlob('');
  };
  const currentName =
    state.filter.project && Object.keys(cleanFilter(state.filter)).length <= 2
      ? state.filter.project
      : 'current filter';

  return (
    <section className="panel" style={{ marginBottom: 12 }} data-testid="compare-groups">
      <div className="panel-head">
        <h3>Groups</h3>
        <span className="n">
          {groups.length} of 2–{MAX_GROUPS} · each is compared with the first (the baseline)
        </span>
        <span className="spacer" />
        {groups.length > 0 ? (
          <button type="button" className="btn small ghost" onClick={() => setGroups([])}>
            Clear all
          </button>
        ) : null}
      </div>
      <div className="panel-body">
        <div className="groups">
          {groups.map((g, i) => (
            <div className="group-row" key={g.name} data-testid="compare-group">
              <span className="swatch" style={{ background: groupColor(colors, i), width: 12, height: 12 }} />
              <NameInput
                value={g.name}
                onCommit={(name) =>
                  setGroups(
                    groups.map((x, j) =>
                      j === i
                        ? {
                            ...x,
                            name: uniqueName(
                              groups.filter((_, k) => k !== i),
                              name,
                            ),
                          }
                        : x,
                    ),
                  )
                }
              />
              <span className="summary" title={describeFilter(g.filter, sourceName)}>
                {i === 0 ? <strong>baseline · </strong> : null}
                {describeFilter(g.filter, sourceName)}
              </span>
              {i > 0 ? (
                <button
                  type="button"
                  className="btn small ghost"
                  title="Compare the other groups against this one"
                  onClick={() => setGroups([g, ...groups.filter((_, j) => j !== i)])}
                >
                  Make baseline
                </button>
              ) : null}
              <button
                type="button"
                className="btn small ghost icon"
                aria-label={`Remove group ${g.name}`}
                title="Remove this group"
                onClick={() => setGroups(groups.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </div>
          ))}
        </div>
        <div className="add-groups">
          <span className="muted">Add:</span>
          <input
            className="input mono"
            style={{ width: 200 }}
            placeholder="app glob, e.g. fast-model-*"
            value={glob}
            onChange={(e) => setGlob(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') addGlob();
            }}
            disabled={full}
            aria-label="App glob for a new group"
            data-testid="compare-glob"
          />
          <button
            type="button"
            className="btn small"
            onClick={addGlob}
            disabled={full || !glob.trim()}
            data-testid="compare-add-glob"
          >
            + Glob
          </button>
          <button
            type="button"
            className="btn small"
            disabled={full}
            onClick={() => add({ name: currentName, filter: cleanFilter(state.filter) })}
            title={describeFilter(state.filter, sourceName)}
          >
            + Current filter{isEmptyFilter(state.filter) ? ' (all streams)' : ''}
          </button>
          {selected.size > 0 ? (
            <>
              <button
                type="button"
                className="btn small"
                disabled={full}
                onClick={() => {
                  add(groupOfApps(selected, `${selected.size} picked apps`));
                  clear();
                }}
              >
                + {selected.size} picked apps as one group
              </button>
              <button
                type="button"
                className="btn small"
                disabled={groups.length + selected.size > MAX_GROUPS}
                onClick={() => {
                  setGroups([...groups, ...groupsFromApps(selected)]);
                  clear();
                }}
              >
                + each picked app
              </button>
            </>
          ) : null}
          {state.filter.project ? (
            <span className="faint">
              Globs apply within the current filter (
              {describeFilter(
                cleanFilter({ ...state.filter, app: undefined, appRefs: undefined }),
                sourceName,
              )}
              ).
            </span>
          ) : null}
        </div>
      </div>
    </section>
  );
}
