/**
 * A same-site path to go back to after sign-in or a language switch, or null. Only absolute paths
 * on this site: `//evil.example` and `https://…` would be open redirects.
 */
export function safeNext(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return null;
  }
  // Not back into the API or into an action that only answers POST.
  if (/^\/(api|logout|lang)(\/|\?|$)/.test(value)) return null;
  return value;
}
