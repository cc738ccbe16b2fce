import { useCommands } from '../state/commands';
import { useImportJob } from '../state/import-job';
import { useAppState } from '../state/use-app-state';
import { EmptyState } from './empty-state';

/** Nothing imported yet: say where logs usually are and offer to open them. */
export function NoSourcesState() {
  const { openFolder, addS3 } = useCommands();
  return (
    <EmptyState
      title="No logs yet"
      testId="no-sources"
      actions={
        <>
          <button type="button" className="btn primary" onClick={openFolder}>
            Open folder… <span className="kbd">Ctrl+O</span>
          </button>
          <button type="button" className="btn" onClick={addS3} data-testid="no-sources-add-s3">
            Add S3 bucket…
          </button>
        </>
      }
    >
      Open a folder that holds Burr tracker logs, e.g. <code>~/.burr</code> (local tracker), or add the S3
      bucket Burr's S3 tracker writes to (synced every 5 minutes).
    </EmptyState>
  );
}

/** Logs exist but the filter matches none of them. */
export function NoStreamsState({ what = 'streams' }: { what?: string }) {
  const [, setState] = useAppState();
  const { running } = useImportJob();
  if (running) {
    return (
      <EmptyState title="Importing…" testId="importing">
        The {what} appear when this import finishes; the progress is shown above.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      title={`No ${what} match this selection`}
      testId="no-streams"
      actions={
        <button type="button" className="btn" onClick={() => setState({ filter: {}, run: null })}>
          Reset filters
        </button>
      }
    >
      Widen the filters above, or pick another project in the sidebar. Streams appear once a Burr action
      streams with the tracker on.
    </EmptyState>
  );
}
