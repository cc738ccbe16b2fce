import type { Statement } from 'better-sqlite3';
import type { StoreDatabase } from './open-store';

/**
 * Rows for one INSERT (or upsert) statement, sent 32 to a statement instead
 * of one: half the cost per row, measured (most of a one-row statement is the
 * call into SQLite, not the insert). SQLite applies the rows of a multi-row
 * VALUES in order, so the result is the same as one statement per row.
 *
 * Rows wait here until `flush()`, which the writer runs before anything that
 * reads these tables, and before every savepoint and commit (so a row is
 * always written inside the savepoint of the file it came from, and committed
 * with its checkpoint).
 */
export class RowBatcher {
  /** Push one row's values here, then call `rowAdded()`. */
  readonly values: unknown[] = [];
  private readonly many: Statement;
  private readonly some: Statement;
  private readonly one: Statement;

  constructor(
    db: StoreDatabase,
    /** The statement, given the `VALUES` list for some number of rows. */
    sql: (valuesList: string) => string,
    private readonly columns: number,
  ) {
    const row = `(${new Array(columns).fill('?').join(', ')})`;
    const rows = (n: number): string => new Array(n).fill(row).join(', ');
    this.many = db.prepare(sql(rows(MANY)));
    this.some = db.prepare(sql(rows(SOME)));
    this.one = db.prepare(sql(row));
  }

  rowAdded(): void {
    if (this.values.length >= this.columns * MANY) {
      this.many.run(this.values);
      this.values.length = 0;
    }
  }

  flush(): void {
    const { values, columns } = this;
    let at = 0;
    for (; values.length - at >= columns * SOME; at += columns * SOME) {
      this.some.run(values.slice(at, at + columns * SOME));
    }
    for (; at < values.length; at += columns) this.one.run(values.slice(at, at + columns));
    values.length = 0;
  }
}

const MANY = 32;
const SOME = 8;
