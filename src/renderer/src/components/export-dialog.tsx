import { useEffect, useRef, useState } from 'react';
import type { GroupBy, StreamFilter } from '../../../shared/filter';
import { useApi, useHost } from '../api/api-context';
import { errorText } from '../api/error-text';
import { useLibrary } from '../api/library-context';
import { useProjectSlo } from '../api/use-project-slo';
import { downloadBlob, downloadText } from '../lib/download';
import { describeSlo } from '../lib/slo-text';
import { type CompareGroup, cleanFilter } from '../state/app-state';
import { describeFilter } from '../state/filter-summary';
import { ErrorPanel } from './error-panel';
import { Modal } from './modal';
import { Segmented } from './segmented';

type ExportFormat = 'csv' | 'json' | 'md' | 'html' | 'pdf';
type Scope = 'selection' | 'comparison';

const FORMATS: readonly { value: ExportFormat; label: string; title: string }[] = [
  { value: 'csv', label: 'CSV', title: 'One row per stream, every derived number' },
  {
    value: 'json',
    label: 'JSON',
    title: 'Groups with statistics plus every stream, as `report --format json`',
  },
  { value: 'md', label: 'Markdown', title: 'A report for a pull request or wiki' },
  { value: 'html', label: 'HTML', title: 'A self-contained report page' },
];
/** Desktop only: the HTML report printed by Chromium. In a browser, print the HTML export. */
const PDF_FORMAT = { value: 'pdf', label: 'PDF', title: 'The HTML report printed to PDF' } as const;

const GROUP_BY: readonly { value: GroupBy; label: string }[] = [
  { value: 'project', label: 'project' },
  { value: 'app', label: 'app' },
  { value: 'partition', label: 'partition' },
  { value: 'action', label: 'action' },
];

interface ExportDialogProps {
  filter: StreamFilter;
  groups: CompareGroup[];
  /** The comparison is the natural thing to export from the Compare view. */
  preferComparison: boolean;
  onClose: () => void;
}

/** Above this, the dialog shows that work is in progress (UI.md: progress beyond half a second). */
const BUSY_DELAY_MS = 500;

export function ExportDialog({ filter, groups, preferComparison, onClose }: ExportDialogProps) {
  const api = useApi();
  const formats = useHost() === 'electron' ? [...FORMATS, PDF_FORMAT] : FORMATS;
  const { sourceName } = useLibrary();
  const canCompare = groups.length >= 2;
  const [scope, setScope] = useState<Scope>(canCompare && preferComparison ? 'comparison' : 'selection');
  const [format, setFormat] = useState<ExportFormat>('md');
  const [groupBy, setGroupBy] = useState<GroupBy>('project');
  const [working, setWorking] = useState(false);
  const [showBusy, setShowBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useRef(0);
  // Goodput against the SLOs of the selection's project (of the first group's, for a comparison).
  const sloProject = scope === 'comparison' ? groups[0]?.filter.project : filter.project;
  const { slo } = useProjectSlo(sloProject);

  useEffect(() => {
    if (!working) {
      setShowBusy(false);
      return;
    }
    const t = setTimeout(() => setShowBusy(true), BUSY_DELAY_MS);
    return () => clearTimeout(t);
  }, [working]);

  const doExport = async (): Promise<void> => {
    const id = ++run.current;
    setWorking(true);
    setError(null);
    try {
      const request = {
        filter: cleanFilter(filter),
        groupBy,
        compare:
          scope === 'comparison'
            ? groups.map((g) => ({ name: g.name, filter: cleanFilter(g.filter) }))
            : undefined,
        ...(slo ? { slo } : {}),
      };
      if (format === 'pdf') {
        const pdf = await api['export:pdf'](request);
        if (id !== run.current) return;
        const bytes = Uint8Array.from(atob(pdf.base64), (c) => c.charCodeAt(0));
        downloadBlob(pdf.filename, new Blob([bytes], { type: pdf.mime }));
        onClose();
        return;
      }
      const res = await api['export:render']({ format, ...request });
      if (id !== run.current) return;
      downloadText(res.filename, res.mime, res.content);
      onClose();
    } catch (e) {
      if (id === run.current) setError(errorText(e));
    } finally {
      if (id === run.current) setWorking(false);
    }
  };

  // The host cannot stop a render in flight; Cancel drops its answer so nothing is downloaded.
  const cancel = (): void => {
    run.current++;
    setWorking(false);
  };

  return (
    <Modal
      title="Export"
      onClose={onClose}
      testId="export-dialog"
      footer={
        <>
          {showBusy ? (
            <span className="muted" style={{ marginRight: 'auto' }}>
              Rendering the report…
            </span>
          ) : null}
          <button type="button" className="btn" onClick={working ? cancel : onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn primary"
            onClick={doExport}
            disabled={working || slo === undefined}
            data-testid="export-submit"
          >
            {working ? 'Exporting…' : 'Export'}
          </button>
        </>
      }
    >
      <div className="form-row">
        <span className="label">What</span>
        <label className="choice">
          <input
            type="radio"
            name="scope"
            checked={scope === 'selection'}
            onChange={() => setScope('selection')}
          />
          <span>
            Current selection: <span className="muted">{describeFilter(filter, sourceName)}</span>
          </span>
        </label>
        <label
          className="choice"
          title={canCompare ? undefined : 'Set up at least two groups in Compare first'}
        >
          <input
            type="radio"
            name="scope"
            disabled={!canCompare}
            checked={scope === 'comparison'}
            onChange={() => setScope('comparison')}
          />
          <span>
            Current comparison:{' '}
            <span className="muted">
              {canCompare ? groups.map((g) => g.name).join(' vs ') : 'none set up'}
            </span>
          </span>
        </label>
      </div>
      <div className="form-row">
        <span className="label">Format</span>
        <Segmented
          label="Format"
          value={format}
          options={formats}
          onChange={setFormat}
          testId="export-format"
        />
      </div>
      {scope === 'selection' ? (
        <div className="form-row">
          <span className="label">Statistics grouped by</span>
          <Segmented label="Group by" value={groupBy} options={GROUP_BY} onChange={setGroupBy} />
        </div>
      ) : null}
      <div className="form-row" data-testid="export-slo">
        <span className="label">Goodput</span>
        <span className="muted">
          {!sloProject
            ? 'Pick a project to export goodput against its SLOs.'
            : slo
              ? `Against the SLOs of ${sloProject}: ${describeSlo(slo)}`
              : slo === null
                ? `${sloProject} has no SLOs: set them on its dashboard to export goodput.`
                : 'Reading the SLOs…'}
        </span>
      </div>
      <p className="hint muted" style={{ margin: 0 }}>
        The file is named for what it holds (the selection or the compared groups, the grouping, the time in
        UTC) and states its convention inside (percentiles by linear interpolation, failed streams excluded
        and counted).
      </p>
      {error ? (
        <ErrorPanel
          title="Export failed"
          message={`${error} Change the selection or format and try again.`}
        />
      ) : null}
    </Modal>
  );
}
