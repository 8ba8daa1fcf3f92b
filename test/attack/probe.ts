/**
 * Every probe says what it sent and what the FSC answered, one line each, so a failing run reads
 * as a transcript: `probe  <what was sent>  →  <what came back>`.
 */
export function report(sent: string, answered: string): void {
  const clip = (s: string) => (s.length > 240 ? `${s.slice(0, 240)}…` : s).replace(/\s+/g, ' ');
  console.log(`probe  ${clip(sent)}  →  ${clip(answered)}`);
}

/** Resolves with the value, or rejects naming `what` once `ms` have passed: a hang is a failure. */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`hang: ${what} gave no answer in ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
