import type { StoreDatabase } from '../store/open-store';
import { queryStreams } from '../store/stream-queries';
import type { HandlersOf } from './handler-types';

/** The stream table: one sorted page of a selection. */
export function streamHandlers(db: StoreDatabase): HandlersOf<'streams:query'> {
  return {
    'streams:query': async ({ filter, sort, offset, limit }) => queryStreams(db, filter, sort, offset, limit),
  };
}
