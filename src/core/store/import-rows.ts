/** The shapes the importer reads from and writes to the files table, and a line's address. */

/** Where a row's source line lives, so the app can read the full line back. */
export interface LineRef {
  file: number;
  offset: number;
  len: number;
}

export interface FileRow {
  id: number;
  size: number;
  mtime_ms: number;
  identity: string | null;
  head_hash: string | null;
  head_len: number;
  byte_offset: number;
  line_no: number;
  error: string | null;
}

export interface FileCheckpoint {
  byteOffset: number;
  lineNo: number;
  size: number;
  mtimeMs: number;
  identity: string;
  headHash: string | null;
  headLen: number;
}
