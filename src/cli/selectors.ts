import type { StreamFilter } from '../shared/filter';
import { CliError, EXIT } from './exit-codes';

/**
 * `--compare SEL SEL...`: each SEL is an app-id glob (`fast-model-*`) or a
 * `key=value,key=value` filter with keys project, app, action, partition,
 * timing (hooks|legacy), from, to.
 */
export function parseSelector(sel: string): StreamFilter {
  if (!sel.includes('=')) return { app: sel };
  const filter: StreamFilter = {};
  for (const part of sel.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (eq <= 0 || value === '')
      throw new CliError(`Bad selector "${sel}": write key=value pairs separated by commas.`, EXIT.usage);
    switch (key) {
      case 'project':
      case 'app':
      case 'action':
      case 'from':
      case 'to':
        filter[key] = value;
        break;
      case 'partition':
        filter.partitionKey = value;
        break;
      case 'timing':
        if (value !== 'hooks' && value !== 'legacy')
          throw new CliError(`Bad selector "${sel}": timing is hooks or legacy.`, EXIT.usage);
        filter.timingSource = value;
        break;
      default:
        throw new CliError(
          `Bad selector "${sel}": unknown key "${key}" (use project, app, action, partition, timing, from, to).`,
          EXIT.usage,
        );
    }
  }
  return filter;
}

/** Pulls `--compare SEL SEL...` out of the arguments: every argument after it up to the next `--option`. */
export function extractCompare(args: readonly string[]): { args: string[]; selectors: string[] | null } {
  const i = args.indexOf('--compare');
  if (i === -1) return { args: [...args], selectors: null };
  let j = i + 1;
  while (j < args.length && !(args[j] as string).startsWith('--')) j++;
  return { args: [...args.slice(0, i), ...args.slice(j)], selectors: args.slice(i + 1, j) };
}
