/**
 * Lifecycle changes are conditional on the status they read. When another
 * change (a first sign-in, a second admin) moves the status in between, the
 * condition matches nothing: the transaction is rolled back with this error
 * and tried again with a fresh read. test/lifecycle/counters-and-hooks.test.ts
 * races erasures with deactivations to show it.
 */
export class StatusMovedMeanwhile extends Error {
  constructor() {
    super('the contact changed status meanwhile');
  }
}

export async function retryOnStatusRace<T>(attempt: () => Promise<T>, tries = 5): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof StatusMovedMeanwhile) || n >= tries) throw error;
    }
  }
}
