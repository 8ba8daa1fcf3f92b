/** The instrument behind a notice, from its name (eclairs-wakeup, grm-trigger, mxt-initial_qf3...). */
export function instrumentOf(noticeName: string): string {
  const n = noticeName.toLowerCase();
  if (n.startsWith('grm')) return 'GRM';
  if (n.startsWith('mxt')) return 'MXT';
  if (n.startsWith('vt')) return 'VT';
  return 'ECLAIRs';
}
