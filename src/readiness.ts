/**
 * What GET /readyz asks before saying an instance can take traffic. A list of
 * named checks that other parts add themselves to (database, migrations,
 * outbox worker, Slack), so a new dependency is one `add` call, not an edit
 * of the route. /healthz stays separate: it only says the process is alive.
 */
export interface CheckResult {
  ok: boolean;
  /** One line for a person: why not, or what was seen. Never a secret. */
  detail?: string;
}

export interface ReadinessCheck {
  name: string;
  check(): Promise<CheckResult>;
}

export interface Readiness {
  add(check: ReadinessCheck): void;
  /** Runs every check at once; a check that throws or takes over `timeoutMs` fails. */
  run(options?: { timeoutMs?: number }): Promise<{ ready: boolean; checks: Record<string, CheckResult> }>;
}

export function createReadiness(initial: ReadinessCheck[] = []): Readiness {
  const checks = [...initial];
  return {
    add: (check) => void checks.push(check),
    async run({ timeoutMs = 3000 } = {}) {
      const results = await Promise.all(
        checks.map(async (c): Promise<[string, CheckResult]> => {
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<CheckResult>((resolve) => {
            timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
          });
          try {
            return [c.name, await Promise.race([c.check(), timeout])];
          } catch (error) {
            return [c.name, { ok: false, detail: (error as Error).message.split('\n')[0] }];
          } finally {
            clearTimeout(timer);
          }
        }),
      );
      return { ready: results.every(([, r]) => r.ok), checks: Object.fromEntries(results) };
    },
  };
}
