/**
 * Vitest global setup: brings the CLI's JavaScript build (out/cli) up to date once, before any
 * test spawns `stream-lens`. Otherwise, after an edit, the first CLIs the tests start would each
 * rebuild it, and tests that time their processes (the SIGKILL test) would measure esbuild.
 */
export default async function setup(): Promise<void> {
  // @ts-expect-error: a plain .mjs script without type declarations
  const build = (await import('../../scripts/build-cli.mjs')) as {
    cliBuildIsStale(): boolean;
    buildCli(): Promise<void>;
  };
  if (build.cliBuildIsStale()) await build.buildCli();
}
