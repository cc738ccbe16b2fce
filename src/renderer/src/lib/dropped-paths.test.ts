import { describe, expect, it } from 'vitest';
import { droppedPaths } from './dropped-paths';

const none = { files: [], uriList: '', text: '' };

describe('dropped paths', () => {
  it('reads file:// URI lists and absolute paths dragged as text', () => {
    expect(
      droppedPaths({ ...none, uriList: '# comment\nfile:///home/a/.burr\r\nfile:///tmp/my%20logs' }),
    ).toEqual(['/home/a/.burr', '/tmp/my logs']);
    expect(droppedPaths({ ...none, text: '/var/logs/burr' })).toEqual(['/var/logs/burr']);
    expect(droppedPaths({ ...none, text: 'C:\\logs\\burr' })).toEqual(['C:\\logs\\burr']);
    expect(droppedPaths({ ...none, uriList: 'file:///C:/logs' })).toEqual(['C:/logs']);
  });

  it('ignores what is not a path', () => {
    expect(droppedPaths({ ...none, text: 'hello world\nhttps://example.com/x' })).toEqual([]);
  });

  it('prefers the paths of dropped files where the host can tell them', () => {
    const file = new File([], 'burr');
    expect(droppedPaths({ ...none, files: [file], text: '/ignored' }, () => '/real/burr')).toEqual([
      '/real/burr',
    ]);
    expect(droppedPaths({ ...none, files: [file], text: '/fallback' }, () => '')).toEqual(['/fallback']);
  });
});
