import type { ParsedRequestOf } from '../../shared/contract';
import { compareGroups } from '../metrics/compare-groups';
import { renderReport } from '../report/render-report';
import { buildReport, type Report } from '../report/report-model';
import { reportSelection } from '../report/report-selection';
import { ServiceError } from '../service-error';
import type { StoreDatabase } from '../store/open-store';
import { allStreams } from '../store/stream-queries';
import type { HandlersOf } from './handler-types';

/** The report a selection (optionally a comparison) makes, before it is rendered. */
export function buildExportReport(
  db: StoreDatabase,
  { filter, groupBy, compare, slo, regressions }: Omit<ParsedRequestOf<'export:render'>, 'format'>,
): Report {
  const comparison = compare
    ? compareGroups(
        compare.map((g) => ({ name: g.name, streams: allStreams(db, g.filter) })),
        slo ? { slo } : {},
      )
    : undefined;
  return buildReport(allStreams(db, filter), {
    groupBy,
    selection: reportSelection(filter),
    generatedAt: new Date(),
    comparison,
    ...(slo ? { slo } : {}),
    regressions: regressions === true,
  });
}

/**
 * Timing reports as CSV, JSON, Markdown or HTML. The app's export and the CLI's `report` both
 * build them with `buildExportReport`.
 */
export function exportHandlers(db: StoreDatabase): HandlersOf<'export:render' | 'export:pdf'> {
  return {
    'export:render': async ({ format, ...request }) => renderReport(buildExportReport(db, request), format),
    'export:pdf': async () => {
      throw new ServiceError(
        'PDF export is made by the desktop app. In a browser, export HTML and print it to PDF.',
      );
    },
  };
}
