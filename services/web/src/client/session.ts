// The person's JWT (from `svom user token`), kept for this tab only: sessionStorage is cleared
// when the tab closes, so a token pasted on a shared screen does not outlive the visit.

const KEY = 'svom.token';

export interface Person {
  sub: string;
  roles: string[];
  /** Expiry, ms since epoch; undefined when the token has none. */
  expMs: number | undefined;
}

/** Reads a JWT's claims without verifying them: the services verify; this only labels the UI. */
export function decodePerson(token: string): Person | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { sub?: unknown; roles?: unknown; exp?: unknown };
    if (typeof claims.sub !== 'string') return undefined;
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
    return { sub: claims.sub, roles, expMs: typeof claims.exp === 'number' ? claims.exp * 1000 : undefined };
  } catch {
    return undefined;
  }
}

export function currentToken(): string | undefined {
  const token = sessionStorage.getItem(KEY) ?? undefined;
  const person = token ? decodePerson(token) : undefined;
  if (token && person?.expMs !== undefined && person.expMs < Date.now()) {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
  return token;
}

export function currentPerson(): Person | undefined {
  const token = currentToken();
  return token ? decodePerson(token) : undefined;
}

export function isBurstAdvocate(): boolean {
  return currentPerson()?.roles.includes('burst-advocate') ?? false;
}

export function logIn(token: string): Person {
  const person = decodePerson(token);
  if (!person) throw new Error('this is not a JWT (three base64url parts with a "sub" claim)');
  if (person.expMs !== undefined && person.expMs < Date.now()) throw new Error('this token has expired');
  sessionStorage.setItem(KEY, token.trim());
  window.dispatchEvent(new Event('svom:session'));
  return person;
}

export function logOut(): void {
  sessionStorage.removeItem(KEY);
  window.dispatchEvent(new Event('svom:session'));
}
