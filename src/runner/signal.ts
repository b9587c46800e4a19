/** A reusable "something happened" notification: `wait()` resolves at the next `notify()`. */
export class Signal {
  private resolveCurrent: () => void = () => undefined;
  private current: Promise<void> = this.renew();

  private renew(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.resolveCurrent = resolve;
    });
  }

  wait(): Promise<void> {
    return this.current;
  }

  notify(): void {
    this.resolveCurrent();
    this.current = this.renew();
  }
}
