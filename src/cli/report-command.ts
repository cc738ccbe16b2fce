import { writeFileSync } from 'node:fs';
import { buildExportReport } from '../core/handlers/export-handlers';
import { parseSlo, SloParseError } from '../core/metrics/slo';
import { renderReport } from '../core/report/render-report';
import { openStore } from '../core/store/open-store';
import { exportFormatSchema } from '../shared/contract';
import { groupBySchema, type StreamFilter } from '../shared/filter';
import type { Slo } from '../shared/slo';
import type { StatMetric } from '../shared/stream-row';
import { CliError, EXIT } from './exit-codes';
import { conditionHolds, conditionValue, type FailTarget, parseFailCondition } from './fail-if';
import { importForCommand } from './import-command';
import type { CliValues } from './main';
import { parseSelector } from './selectors';

function parseSloOption(text: string): Slo {
  try {
    return parseSlo(text);
  } catch (error) {
    if (error instanceof SloParseError) throw new CliError(`--slo: ${error.message}`, EXIT.usage);
    throw error;
  }
}

export async function runReport(
  databasePath: string,
  paths: string[],
  values: CliValues,
  selectors: string[] | null = null,
): Promise<number> {
  const format = exportFormatSchema.safeParse(values.format ?? 'md');
  if (!format.success)
    throw new CliError(`Unknown --format "${values.format}": use md, csv, json or html.`, EXIT.usage);
  const groupBy = groupBySchema.safeParse(values['group-by'] ?? 'project');
  if (!groupBy.success)
    throw new CliError(
      `Unknown --group-by "${values['group-by']}": use project, app, partition or action.`,
      EXIT.usage,
    );
  const conditions = (values['fail-if'] ?? []).map(parseFailCondition);
  const slo = values.slo === undefined ? undefined : parseSloOption(values.slo);
  if (!slo && conditions.some((c) => c.kind === 'goodput'))
    throw new CliError('--fail-if "goodput ..." needs --slo, e.g. --slo "ttft_ms<=500".', EXIT.usage);
  if (selectors && (selectors.length < 2 || selectors.length > 6)) {
    throw new CliError(`--compare needs 2 to 6 selectors, got ${selectors.length}.`, EXIT.usage);
  }
  const filter: StreamFilter = {};
  if (values.project) filter.project = values.project;
  if (values.app) filter.app = values.app;
  if (values.action) filter.action = values.action;
  if (values.partition) filter.partitionKey = values.partition;

  const db = openStore(databasePath);
  try {
    await importForCommand(db, databasePath, paths, true);
    const groups = selectors?.map((sel) => ({ name: sel, filter: { ...filter, ...parseSelector(sel) } }));
    // Built as the app's export builds it (export:render), so the two never differ.
    const report = buildExportReport(db, {
      filter,
      groupBy: groupBy.data,
      compare: groups,
      ...(slo ? { slo } : {}),
      regressions: values.regressions === true,
    });
    const rendered = renderReport(report, format.data);
    if (values.out) writeFileSync(values.out, rendered.content);
    else process.stdout.write(rendered.content.endsWith('\n') ? rendered.content : `${rendered.content}\n`);

    // With --compare a condition applies to each compared group, else to each report group.
    const targets: (FailTarget & { key: string })[] = groups
      ? groups.map((g, i) => ({
          key: g.name,
          // The comparison's own statistics of each group (the same numbers, not read twice).
          stats: (metric: StatMetric) =>
            report.comparison?.metrics.find((m) => m.metric === metric)?.groups[i]?.stats,
          goodput: report.comparison?.goodput?.groups[i]?.goodput,
        }))
      : report.groups.map((g) => ({
          key: g.key,
          stats: (metric: StatMetric) => g[metric],
          goodput: g.goodput,
        }));
    const held: string[] = [];
    for (const c of conditions) {
      for (const t of targets) {
        const v = conditionValue(c, t);
        if (v && conditionHolds(c, t)) held.push(`${t.key}: ${c.text} (${v.name} = ${v.value})`);
      }
    }
    if (held.length > 0) {
      process.stderr.write(`stream-lens: --fail-if condition held:\n  ${held.join('\n  ')}\n`);
      return EXIT.conditionHeld;
    }
    return EXIT.ok;
  } finally {
    db.close();
  }
}
