import type { ResponseOf } from '../../shared/contract';
import { dashboardSchema } from '../../shared/schemas/dashboard';
import type { SavedViews } from '../runtime/saved-views';

/** The handler's keys of a request's parts; null: the request does not ask for that part. */
export interface DashboardKeys {
  charts: string;
  goodput: string | null;
  changePoints: string | null;
}

/**
 * The whole answer to a dashboard request from the saved views, when every part it asks for is
 * saved and exact (saved-views.ts); null otherwise. Checked against the contract's schema, as a file
 * on disk can hold anything.
 */
export function savedDashboard(views: SavedViews, keys: DashboardKeys): ResponseOf<'dashboard:get'> | null {
  const charts = views.get('charts', keys.charts);
  if (charts === undefined || charts === null || typeof charts !== 'object') return null;
  const goodput = keys.goodput === null ? null : views.get('goodput', keys.goodput);
  const changePoints = keys.changePoints === null ? null : views.get('changePoints', keys.changePoints);
  if (goodput === undefined || changePoints === undefined) return null;
  const parsed = dashboardSchema.safeParse({ ...charts, goodput, changePoints });
  return parsed.success ? parsed.data : null;
}
