import { describe, expect, it } from 'vitest';
import { safeNext } from './redirect';

describe('safeNext', () => {
  it('keeps paths on this site', () => {
    expect(safeNext('/notifications?unread=true')).toBe('/notifications?unread=true');
    expect(safeNext('/')).toBe('/');
    expect(safeNext('/language-exchange')).toBe('/language-exchange');
  });

  it('refuses anything that could leave the site', () => {
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'evil', '', null, 42]) {
      expect(safeNext(bad)).toBeNull();
    }
  });

  it('refuses the API and POST-only routes', () => {
    for (const bad of ['/api/me', '/api', '/logout', '/lang?x=1']) expect(safeNext(bad)).toBeNull();
  });
});
