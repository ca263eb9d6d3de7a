// When to restart a crashed language server, and what to tell the user. Pure, so it is unit-tested.

export interface RestartDecision {
  restart: boolean;
  /** A message to show, at most once per kind: the first crash, and giving up. */
  notify?: string;
}

/**
 * Restarts after a crash unless the server crashed `maxCrashes` times within `windowMs`
 * (a crash loop: restarting again would only burn CPU). The first crash is told once;
 * giving up is told once and says how to restart by hand.
 */
export class RestartPolicy {
  private crashes: number[] = [];
  private toldFirstCrash = false;

  constructor(
    private readonly maxCrashes = 5,
    private readonly windowMs = 3 * 60_000,
  ) {}

  onClosed(now: number): RestartDecision {
    this.crashes = [...this.crashes.filter((time) => now - time < this.windowMs), now];
    if (this.crashes.length >= this.maxCrashes) {
      return {
        restart: false,
        notify: `The kubetier language server crashed ${this.crashes.length} times in ${Math.round(this.windowMs / 60_000)} minutes and will not be restarted. Run "kubetier: Restart language server" to try again.`,
      };
    }
    if (this.toldFirstCrash) return { restart: true };
    this.toldFirstCrash = true;
    return { restart: true, notify: 'The kubetier language server stopped unexpectedly and was restarted.' };
  }

  /** A manual restart starts the count afresh. */
  reset(): void {
    this.crashes = [];
  }
}
