import picocolors from 'picocolors';

/**
 * Colours only where a person reads them: a terminal, and never when NO_COLOR is set
 * (https://no-color.org, any value) or FORCE_COLOR=0. Piped output stays plain for scripts.
 */
export function colorsFor(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env) {
  const noColor = env.NO_COLOR !== undefined || env.FORCE_COLOR === '0';
  return picocolors.createColors(!noColor && stream.isTTY === true);
}

export type Colors = ReturnType<typeof colorsFor>;
