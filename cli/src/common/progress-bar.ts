/**
 * A progress bar on stderr, drawn only on a terminal (a log file gets no carriage returns):
 * `[████████░░░░░░░░]  42/120  notices/mxt_47.xml`. Redrawn at most every 50 ms.
 */
export function progressBar(total: number, stream: NodeJS.WriteStream = process.stderr) {
  const enabled = stream.isTTY === true && total > 1;
  let lastDrawMs = 0;
  return {
    tick(done: number, label: string): void {
      if (!enabled || (Date.now() - lastDrawMs < 50 && done < total)) return;
      lastDrawMs = Date.now();
      const width = 24;
      const filled = Math.round((done / total) * width);
      const columns = stream.columns ?? 80;
      const line = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total}  ${label}`;
      stream.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
    },
    done(): void {
      if (enabled) stream.write('\r\x1b[2K');
    },
  };
}
