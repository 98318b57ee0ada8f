/** A one-line progress bar on stderr; silent when stderr is not a terminal (CI logs stay clean). */
export class ProgressBar {
  private lastDraw = 0;
  private finished = false;
  private readonly tty = process.stderr.isTTY === true;
  constructor(private readonly label: string) {}

  update(done: number, total: number): void {
    const now = Date.now();
    if (this.finished || (done < total && now - this.lastDraw < 100)) return;
    this.finished = done >= total;
    this.lastDraw = now;
    const frac = total > 0 ? Math.min(1, done / total) : 0;
    const width = 30;
    const full = Math.round(frac * width);
    const text = `${this.label} [${"#".repeat(full)}${".".repeat(width - full)}] ${(frac * 100).toFixed(0)}%`;
    if (this.tty) process.stderr.write(`\r${text}`);
    else if (done >= total) process.stderr.write(`${text}\n`);
  }

  done(): void {
    if (this.tty) process.stderr.write("\n");
  }
}
