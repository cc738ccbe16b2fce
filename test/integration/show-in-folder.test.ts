import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createService } from '../../src/core/service';
import { contract } from '../../src/shared/contract';
import { LOCAL, tempDir } from '../helpers/fixtures';

// "Show in folder" and the log path through the contract (issue 12 item 5): the page names a source
// or a file by id, the core finds the path it recorded, the desktop host shows it; serve says why not.

const ASYNC_AGENT = path.join(LOCAL, 'async-agent');

async function serviceWith(options: { showInFolder?: (p: string) => void; logPath?: string }) {
  const service = createService({
    databasePath: path.join(tempDir(), 'show.db'),
    host: options.showInFolder ? 'electron' : 'serve',
    watch: false,
    ...options,
  });
  await service.handlers['sources:add']({ path: ASYNC_AGENT });
  await service.whenIdle();
  return service;
}

describe('show in folder', () => {
  it('shows the recorded path of a source or a file in the desktop app', async () => {
    const shown: string[] = [];
    const service = await serviceWith({ showInFolder: (p) => shown.push(p), logPath: '/logs/app.log' });
    try {
      const info = await service.handlers['app:info']({});
      expect(contract['app:info'].response.parse(info)).toMatchObject({
        logPath: '/logs/app.log',
        canShowInFolder: true,
      });
      const [source] = await service.handlers['sources:list']({});
      expect(await service.handlers['shell:show-in-folder']({ sourceId: source?.id ?? -1 })).toEqual({
        path: ASYNC_AGENT,
      });
      const apps = await service.handlers['library:apps']({
        filter: { project: 'async-agent' },
        limit: 10,
        offset: 0,
      });
      const run = await service.handlers['runs:get']({ appRef: apps.apps[0]?.appRef ?? -1 });
      const fileRef = run.steps[0]?.beginRef?.fileRef ?? -1;
      const reply = await service.handlers['shell:show-in-folder']({ fileRef });
      expect(reply.path).toMatch(/async-agent\/agent-00\/log\.jsonl$/);
      expect(shown).toEqual([ASYNC_AGENT, reply.path]);
      await expect(service.handlers['shell:show-in-folder']({ fileRef: 999_999 })).rejects.toThrow(
        /no longer in the library/,
      );
    } finally {
      service.close();
    }
  });

  it('in the browser host, says it works in the desktop app and names the path', async () => {
    const service = await serviceWith({});
    try {
      expect(await service.handlers['app:info']({})).toMatchObject({ logPath: null, canShowInFolder: false });
      const [source] = await service.handlers['sources:list']({});
      await expect(service.handlers['shell:show-in-folder']({ sourceId: source?.id ?? -1 })).rejects.toThrow(
        `Show in folder works in the desktop app. The path is ${ASYNC_AGENT}`,
      );
    } finally {
      service.close();
    }
  });

  it('takes ids only: a path in the request is refused by the contract', () => {
    expect(contract['shell:show-in-folder'].request.safeParse({ path: '/etc' }).success).toBe(false);
    expect(contract['shell:show-in-folder'].request.safeParse({ sourceId: 1, path: '/etc' }).success).toBe(
      false,
    );
  });
});
