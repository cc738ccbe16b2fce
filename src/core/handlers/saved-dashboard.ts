import type { ResponseOf } from '../../shared/contract';
import { dashboardSchema } from '../../shared/schemas/dashboard';
import type { SavedViews, ViewPart } from '../runtime/saved-views';

type Dashboard = ResponseOf<'dashboard:get'>;

/** The handler's keys of a request's parts; null: the request does not ask for that part. */
export interface DashboardKeys {
  charts: string;
  goodput: string | null;
  changePoints: string | null;
}

const chartsSchema = dashboardSchema.omit({ goodput: true, changePoints: true });

/** A saved part as the contract's schema reads it (SavedViews' `check`); undefined when it is not of that shape. */
export function checkDashboardPart(part: ViewPart, value: unknown): unknown {
  const schema = part === 'charts' ? chartsSchema : dashboardSchema.shape[part];
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The whole answer to a dashboard request from the saved views, when every part it asks for is
 * saved and exact (saved-views.ts); null otherwise.
 */
export function savedDashboard(views: SavedViews, keys: DashboardKeys): Dashboard | null {
  const charts = views.get('charts', keys.charts) as Omit<Dashboard, 'goodput' | 'changePoints'> | undefined;
  if (charts === undefined) return null;
  const goodput = keys.goodput === null ? null : views.get('goodput', keys.goodput);
  const changePoints = keys.changePoints === null ? null : views.get('changePoints', keys.changePoints);
  if (goodput === undefined || changePoints === undefined) return null;
  return {
    ...charts,
    goodput: goodput as Dashboard['goodput'],
    changePoints: changePoints as Dashboard['changePoints'],
  };
}
