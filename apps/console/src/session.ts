const KEY = "herald.apiKey";

/** Returns the API key of this browser tab. It is kept in sessionStorage, so closing the tab removes it. */
export function apiKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function signIn(key: string) {
  sessionStorage.setItem(KEY, key);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}
