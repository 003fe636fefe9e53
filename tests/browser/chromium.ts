// Test helper: Debian's Chromium through playwright-core (no downloaded browser), with the flags
// this machine needs — root needs --no-sandbox, and background networking only fails here.
import { type BrowserContext, chromium } from 'playwright-core';

export function launchChromium(
  profileDir: string,
  viewport: { width: number; height: number },
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport,
    colorScheme: 'light',
  });
}
