import type { ImportProgress } from '../core/importer/import-types';

const WIDTH = 28;

/** A one-line progress bar on a TTY (stderr), so `--json` output on stdout stays clean. */
export function ttyProgress(stream: NodeJS.WriteStream): ((p: ImportProgress) => void) & { finish(): void } {
  let drawn = false;
  const draw = (p: ImportProgress): void => {
    if (!stream.isTTY || p.phase === 'scanning') return;
    const fraction = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 1;
    const filled = Math.round(fraction * WIDTH);
    const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
    const line =
      `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
      `${mb(p.bytesDone)}/${mb(p.bytesTotal)} MB  ${p.filesDone}/${p.filesTotal} files  ${p.lines.toLocaleString('en-US')} lines  ` +
      `${mb(p.bytesPerSecond)} MB/s`;
    stream.write(`\r${line.slice(0, (stream.columns ?? 120) - 1)}`);
    drawn = true;
  };
  return Object.assign(draw, {
    finish: () => {
      if (drawn) stream.write('\r\x1b[K');
    },
  });
}
