import type { StoreDatabase } from '../store/open-store';

/**
 * One write transaction that spans many lines and many files, committed when
 * it has grown big enough. Each file's checkpoint is written inside the same
 * transaction as its rows, so whatever is committed is consistent; a file
 * runs inside a savepoint so a read error part-way through one file undoes
 * only that file's uncommitted rows.
 */
export class BatchTransaction {
  private lines = 0;
  private bytes = 0;
  private fileOpen = false;

  constructor(
    private readonly db: StoreDatabase,
    private readonly maxLines: number,
    private readonly maxBytes: number,
    /** Runs inside the transaction just before each commit (derived tables catch up). */
    private readonly beforeCommit: () => void = () => undefined,
    /** Runs before every savepoint is opened, released or rolled back to (rows still held are written). */
    private readonly beforeSavepoint: () => void = () => undefined,
  ) {}

  begin(): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN');
  }

  beginFile(): void {
    this.begin();
    this.beforeSavepoint();
    this.db.exec('SAVEPOINT file');
    this.fileOpen = true;
  }

  endFile(): void {
    if (this.fileOpen) {
      this.beforeSavepoint();
      this.db.exec('RELEASE file');
    }
    this.fileOpen = false;
  }

  /** Undoes the current file's rows written since the last commit (their checkpoint was not moved either). */
  abortFile(): void {
    if (this.fileOpen && this.db.inTransaction) {
      this.beforeSavepoint();
      this.db.exec('ROLLBACK TO file');
      this.db.exec('RELEASE file');
    }
    this.fileOpen = false;
  }

  add(lines: number, bytes: number): void {
    this.lines += lines;
    this.bytes += bytes;
  }

  get full(): boolean {
    return this.lines >= this.maxLines || this.bytes >= this.maxBytes;
  }

  /**
   * Commits what is written so far and opens the next transaction at once, so
   * every later write (rows, file rows, checkpoints) is batched again.
   * `saveProgress` must have stored the current file's checkpoint first.
   */
  commit(): void {
    const reopenFile = this.fileOpen;
    this.end();
    this.begin();
    if (reopenFile) this.beginFile();
  }

  /** The last commit of an import. */
  end(): void {
    if (this.fileOpen) {
      this.beforeSavepoint();
      this.db.exec('RELEASE file');
    }
    if (this.db.inTransaction) {
      this.beforeCommit();
      this.db.exec('COMMIT');
    }
    this.lines = 0;
    this.bytes = 0;
    this.fileOpen = false;
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.fileOpen = false;
  }
}
