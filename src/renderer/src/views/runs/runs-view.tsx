import { useLibrary } from '../../api/library-context';
import { NoSourcesState } from '../../components/no-data';
import { useAppState } from '../../state/use-app-state';
import { AppList } from './app-list';
import { RunDetail } from './run-detail';

export function RunsView() {
  const [state] = useAppState();
  const { sources } = useLibrary();
  if (sources.data?.length === 0) return <NoSourcesState />;
  return (
    <div className="view" data-testid="runs-view">
      {state.run === null ? <AppList /> : <RunDetail appRef={state.run} />}
    </div>
  );
}
