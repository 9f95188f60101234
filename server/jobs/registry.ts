// Each module (channels, and later isp and bot) declares the kinds of job it runs; main.ts puts
// them together into the one set of handlers the worker runs.
import type { JobHandler } from './worker.js';

export type JobHandlers = Record<string, JobHandler>;

/** Every module's handlers in one registry; a kind claimed twice is a mistake caught at start. */
export function composeJobHandlers(modules: Record<string, JobHandlers>): JobHandlers {
  const registry: JobHandlers = {};
  const owner: Record<string, string> = {};
  for (const [module, handlers] of Object.entries(modules)) {
    for (const [kind, handler] of Object.entries(handlers)) {
      if (owner[kind]) throw new Error(`job kind "${kind}" is registered by both ${owner[kind]} and ${module}`);
      owner[kind] = module;
      registry[kind] = handler;
    }
  }
  return registry;
}
