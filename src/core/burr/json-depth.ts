/**
 * How deep a parsed JSON value nests, measured without recursion. Burr never
 * nests its documents more than a few levels, but a hostile file can nest
 * thousands: zod, JSON.stringify and structured cloning between threads all
 * recurse and would overflow the stack, failing the whole import instead of
 * one file. Callers refuse a value deeper than MAX_JSON_DEPTH first.
 */
export const MAX_JSON_DEPTH = 256;

export function exceedsJsonDepth(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: [object, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [object, number];
    if (depth > limit) return true;
    for (const child of Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
