/**
 * Debian's Chromium driven by playwright-core (nothing is downloaded). Tests
 * that need it call `chromiumPath()` and skip, saying why, only when no
 * binary exists; CI installs it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export function chromiumPath(): string | undefined {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return existsSync(path) ? path : undefined;
}

const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * One headless Chromium on a new, empty user data directory (playwright
 * makes a temporary one per launch). Each `browser.newContext()` is then a
 * separate "device": its own cookies and storage.
 * @param extraArgs more switches, e.g. `--host-resolver-rules=MAP *.localhost 127.0.0.1` for portals on their own hosts
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: [...args, ...extraArgs], headless: true });
}
