/** The two on-disk layouts an app's lines are written to: local tracker and S3 download. */
import { join } from 'node:path';
import type { AppSink } from './corpus-apps';
import { type CorpusCounts, countLine } from './corpus-counts';
import type { CorpusWriter } from './corpus-io';
import { graphDocument, metadataDocument, pythonJson, s3TimeFolder } from './corpus-lines';
import type { ProjectSpec } from './corpus-projects';
import type { SeededRandom } from './seeded-random';

export interface SinkTarget {
  writer: CorpusWriter;
  /** `<dir>/local` for the local layout, `<dir>/s3/data` for the S3 layout. */
  root: string;
  spec: ProjectSpec;
  appId: string;
  partitionKey: string | null;
  counts: CorpusCounts;
}

function writeMeta(target: SinkTarget, dir: string, name: string, text: string): void {
  target.writer.writeFile(dir, name, text);
  target.counts.metaFiles++;
  target.counts.metaBytes += Buffer.byteLength(text);
}

/** `<root>/<project>/<app_id>/log.jsonl`, one file per app, every line ends with '\n'. */
export function localSink(target: SinkTarget): AppSink {
  const { writer, counts, spec } = target;
  const appDir = join(target.root, spec.name, target.appId);
  // The local tracker writes these with Python's json.dumps defaults and no trailing newline.
  writeMeta(target, appDir, 'graph.json', pythonJson(graphDocument(spec.kind)));
  writeMeta(target, appDir, 'metadata.json', pythonJson(metadataDocument(target.partitionKey)));
  writer.open(appDir, 'log.jsonl');
  counts.files++;
  return {
    line(type, _utcMicros, a, b, c) {
      countLine(counts, type, writer.line('after', a, b, c), 1);
    },
    finish() {
      writer.close();
    },
  };
}

/**
 * `<root>/<project>/YYYY/MM/DD/HH/MM:SS.ffffff/<pk|__none__>/<app_id>/<uuid>__log.jsonl`: the S3
 * tracker flushes its buffer on a timer, one object per flush, keyed by the flush time, with no
 * trailing newline. graph.json and metadata.json are separate objects in their own time folders.
 */
export function s3Sink(target: SinkTarget, rng: SeededRandom, startMicros: number): AppSink {
  const { writer, counts, spec } = target;
  const projectDir = join(target.root, spec.name);
  const pkFolder = target.partitionKey ?? '__none__';
  const folder = (micros: number) => join(projectDir, s3TimeFolder(micros), pkFolder, target.appId);
  const graphAt = startMicros - rng.int(20_000, 60_000);
  const metaAt = graphAt + rng.int(8_000, 35_000);
  writeMeta(target, folder(graphAt), 'graph.json', JSON.stringify(graphDocument(spec.kind)));
  writeMeta(target, folder(metaAt), 'metadata.json', JSON.stringify(metadataDocument(target.partitionKey)));

  const interval = spec.flushIntervalS * 1_000_000;
  let windowEnd = -1;
  let open = false;
  return {
    line(type, utcMicros, a, b, c) {
      if (open && utcMicros > windowEnd) {
        writer.close();
        open = false;
      }
      if (open) {
        countLine(counts, type, writer.line('before', a, b, c), 1);
        return;
      }
      windowEnd = startMicros + Math.max(1, Math.ceil((utcMicros - startMicros) / interval)) * interval;
      writer.open(folder(windowEnd + rng.int(200, 30_000)), `${rng.uuid4()}__log.jsonl`);
      counts.files++;
      open = true;
      countLine(counts, type, writer.line('none', a, b, c), 0);
    },
    finish() {
      if (open) writer.close();
    },
  };
}
