import { graphSummary } from '../burr/graph-summary';
import { readRecordedLine } from '../read-back';
import { ServiceError } from '../service-error';
import { getAppSummary } from '../store/library-queries';
import type { StoreDatabase } from '../store/open-store';
import { getRunDetail } from '../store/run-queries';
import { allStreams } from '../store/stream-queries';
import type { HandlersOf } from './handler-types';

/** One run (an app) in full, and any line of it read back from its file. */
export function runHandlers(db: StoreDatabase): HandlersOf<'runs:get' | 'events:read'> {
  return {
    'runs:get': async ({ appRef }) => {
      const app = getAppSummary(db, appRef);
      if (!app)
        throw new ServiceError(
          `No app with id ${appRef}: it may have been removed with its source. Pick another run.`,
        );
      const { graph, parentPointer, spawningParentPointer, ...summary } = app;
      return {
        app: { ...summary, graph: graphSummary(graph), parentPointer, spawningParentPointer },
        ...getRunDetail(db, appRef),
        streams: allStreams(db, { appRefs: [appRef] }).sort((a, b) => a.sequence_id - b.sequence_id),
      };
    },
    'events:read': async ({ fileRef, offset, length }) => readRecordedLine(db, fileRef, offset, length),
  };
}
