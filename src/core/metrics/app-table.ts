import { allStrings, type StringColumn, stringAt, stringColumnOf } from './string-column';

/**
 * The apps a snapshot knows (every app of the database, with or without streams), as parallel
 * columns: an app's id, project and partition key found by its ref (its SQLite row id) through an
 * index. Plain data, so it crosses threads as is, and a saved snapshot holds it as typed arrays
 * (its strings packed: string-column.ts). A Map of one object per app took ~300 ms of a cold start
 * at 138k apps (its JSON, the objects and the Map; bench/README.md); this costs one pass.
 */
export interface AppTable {
  /** Each app's ref (SQLite row id). */
  refs: Float64Array;
  appIds: StringColumn;
  /** Index into the snapshot's `projects` (-1: none). */
  projectIdx: Int32Array;
  partitionKeys: StringColumn;
  /**
   * ref → index into the arrays above (-1: none), by ref when the refs are small enough for a
   * table (SQLite row ids, in practice); otherwise a Map.
   */
  index: Int32Array | Map<number, number>;
}

export interface AppInfo {
  appId: string;
  projectIdx: number;
  partitionKey: string | null;
}

/**
 * Whether refs up to `maxRef` are small enough to index a table by, for `count` entries (SQLite row
 * ids are, in practice): the table then costs at most a few times the entries' own arrays.
 */
export function refTableFits(maxRef: number, count: number): boolean {
  return maxRef <= 4 * count + 65_536;
}

/** The table of these columns (all of one length; refs distinct). */
export function appTableOf(columns: Omit<AppTable, 'index'>): AppTable {
  const { refs } = columns;
  let maxRef = -1;
  let dense = true;
  for (let k = 0; k < refs.length; k++) {
    const ref = refs[k] as number;
    if (!Number.isInteger(ref) || ref < 0) dense = false;
    else if (ref > maxRef) maxRef = ref;
  }
  dense &&= refTableFits(maxRef, refs.length);
  let index: AppTable['index'];
  if (dense) {
    const table = new Int32Array(maxRef + 1).fill(-1);
    for (let k = 0; k < refs.length; k++) table[refs[k] as number] = k;
    index = table;
  } else index = new Map(Array.from(refs, (ref, k) => [ref, k]));
  return { ...columns, index };
}

/** The table of these apps, in their order. */
export function appTableFrom(apps: Iterable<[number, AppInfo]>): AppTable {
  const list = [...apps];
  return appTableOf({
    refs: Float64Array.from(list, ([ref]) => ref),
    appIds: stringColumnOf(list.map(([, a]) => a.appId)),
    projectIdx: Int32Array.from(list, ([, a]) => a.projectIdx),
    partitionKeys: stringColumnOf(list.map(([, a]) => a.partitionKey)),
  });
}

/** Where the app `ref` is in the table's arrays; -1 when it has no such app. */
export function appIndex(table: AppTable, ref: number): number {
  const { index } = table;
  if (index instanceof Map) return index.get(ref) ?? -1;
  return Number.isInteger(ref) && ref >= 0 && ref < index.length ? (index[ref] as number) : -1;
}

/** The id of the app `ref`; undefined when the table has no such app. */
export function appIdOf(table: AppTable, ref: number): string | undefined {
  const k = appIndex(table, ref);
  return k < 0 ? undefined : (stringAt(table.appIds, k) ?? '');
}

/** The partition key of the app at index k (appIndex). */
export function partitionKeyAt(table: AppTable, k: number): string | null {
  return stringAt(table.partitionKeys, k);
}

/** Every app id, by index (decoded once: for filters that test each app). */
export function allAppIds(table: AppTable): (string | null)[] {
  return allStrings(table.appIds);
}

/** Every app of the table, in its order. */
export function* appsOf(table: AppTable): Generator<[number, AppInfo]> {
  const ids = allStrings(table.appIds);
  const keys = allStrings(table.partitionKeys);
  for (let k = 0; k < table.refs.length; k++)
    yield [
      table.refs[k] as number,
      {
        appId: ids[k] ?? '',
        projectIdx: table.projectIdx[k] as number,
        partitionKey: keys[k] ?? null,
      },
    ];
}
