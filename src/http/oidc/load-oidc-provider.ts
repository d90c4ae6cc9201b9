import type { Logger } from '../../logger.ts';

const runtimeWarning = 'oidc-provider WARNING: Unsupported runtime.';

/**
 * Imports oidc-provider once. Version 9 warns "Unsupported runtime" on every
 * Node release before 22 (it checks the LTS code name, nothing it needs).
 * The project runs on Node 20.10+, and test/oidc/*.test.ts run the whole
 * protocol on it, so the warning is taken out of stderr and logged once, at
 * debug, with that reason; every other warning passes through.
 */
export async function loadOidcProvider(logger: Logger): Promise<typeof import('oidc-provider')> {
  const warn = console.warn;
  let heard = false;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes(runtimeWarning)) heard = true;
    else warn(...args);
  };
  try {
    const module = await import('oidc-provider');
    if (heard)
      logger.debug('oidc-provider warns about Node < 22; the protocol tests pass on this runtime', {
        node: process.version,
      });
    return module;
  } finally {
    console.warn = warn;
  }
}
