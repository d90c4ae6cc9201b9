import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../../src/logger.ts';
import { loadOidcProvider } from '../../src/http/oidc/load-oidc-provider.ts';

/** Own file: vitest gives it a fresh module graph, so oidc-provider is imported for the first time here. */
describe('loading oidc-provider on Node before 22', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps its "Unsupported runtime" warning out of stderr and logs it once at debug; the provider works', async () => {
    const warn = vi.spyOn(console, 'warn');
    const logger = createMemoryLogger();
    const { Provider } = await loadOidcProvider(logger);
    expect(typeof Provider).toBe('function');
    expect(warn.mock.calls.flat().join(' ')).not.toContain('Unsupported runtime');
    const major = Number(process.versions.node.split('.')[0]);
    if (major < 22)
      expect(logger.lines.filter((line) => line.includes('oidc-provider warns about Node < 22'))).toHaveLength(1);
    // Other warnings still reach the console once the import is done.
    console.warn('something else');
    expect(warn).toHaveBeenCalledWith('something else');
  });
});
