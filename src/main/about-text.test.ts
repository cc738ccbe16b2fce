import { describe, expect, it } from 'vitest';
import { aboutDetail } from './about-text';

describe('Help → About', () => {
  it('names the versions, the database and the log file', () => {
    const text = aboutDetail({
      version: '0.1.0',
      electron: '45.4.1',
      chrome: '144.0',
      node: '22.20.0',
      databasePath: '/home/u/.config/Stream Lens/stream-lens.db',
      logPath: '/home/u/.config/Stream Lens/logs/app.log',
    });
    expect(text).toContain('Electron 45.4.1 · Chromium 144.0 · Node 22.20.0');
    expect(text).toContain('Database: /home/u/.config/Stream Lens/stream-lens.db');
    expect(text).toContain('Log file: /home/u/.config/Stream Lens/logs/app.log');
  });
});
