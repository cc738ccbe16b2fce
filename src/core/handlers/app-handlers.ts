import { ServiceError } from '../service-error';
import { recordedPathFor } from '../show-in-folder';
import type { HandlersOf } from './handler-types';
import type { ServiceContext } from './service-context';

/** The host itself: what it is, and showing a library file in the system's file manager. */
export function appHandlers({
  db,
  options,
}: Pick<ServiceContext, 'db' | 'options'>): HandlersOf<'app:info' | 'shell:show-in-folder'> {
  return {
    'app:info': async () => ({
      version: options.version ?? '0.0.0',
      databasePath: options.databasePath,
      host: options.host,
      logPath: options.logPath ?? null,
      canShowInFolder: options.showInFolder !== undefined,
    }),
    'shell:show-in-folder': async (request) => {
      const shown = recordedPathFor(db, request);
      if (!options.showInFolder) {
        throw new ServiceError(`Show in folder works in the desktop app. The path is ${shown}`);
      }
      options.showInFolder(shown);
      return { path: shown };
    },
  };
}
