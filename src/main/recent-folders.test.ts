import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addRecentFolder, recentFolderLabel, removeRecentFolder } from './recent-folders';

describe('recent folders', () => {
  it('puts the newest first, without duplicates, bounded', () => {
    let list: string[] = [];
    for (const folder of ['/a', '/b', '/c', '/a']) list = addRecentFolder(list, folder, 3);
    expect(list).toEqual(['/a', '/c', '/b'].map((f) => path.resolve(f)));
    expect(addRecentFolder(list, '/d', 3)).toEqual(['/d', '/a', '/c'].map((f) => path.resolve(f)));
    expect(removeRecentFolder(list, '/c')).toEqual(['/a', '/b'].map((f) => path.resolve(f)));
  });

  it('labels with ~ for the home folder and escapes &', () => {
    const home = path.resolve('/home/ada');
    expect(recentFolderLabel(path.join(home, '.burr'), home)).toBe(`~${path.sep}.burr`);
    expect(recentFolderLabel(path.resolve('/home/adam/logs'), home)).toBe(path.resolve('/home/adam/logs'));
    expect(recentFolderLabel(path.resolve('/data/R&D'), home)).toBe(path.resolve('/data/R&&D'));
  });
});
