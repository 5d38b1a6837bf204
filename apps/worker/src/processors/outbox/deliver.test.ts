import { describe, expect, it } from 'vitest';
import { absoluteLink, composeNotificationMail } from './deliver';

describe('absoluteLink', () => {
  const base = 'https://yui.example.jp/app/';
  it('joins in-app paths to the public URL, keeping its path', () => {
    expect(absoluteLink('/profile', base)).toBe('https://yui.example.jp/app/profile');
    expect(absoluteLink(null, base)).toBe('https://yui.example.jp/app/');
  });
  it('keeps absolute http(s) links and drops anything else', () => {
    expect(absoluteLink('https://www.city.example.lg.jp/bousai', base)).toBe('https://www.city.example.lg.jp/bousai');
    expect(absoluteLink('javascript:alert(1)', base)).toBe('https://yui.example.jp/app/');
    expect(absoluteLink('//evil.example/x', base)).toBe('https://yui.example.jp/app/');
  });
});

describe('composeNotificationMail', () => {
  const n = { id: 'n1', kind: 'role.granted', params: { role: 'manager', departmentName: '総務課' }, link: null, email: 'a@x.example', name: '郡山 花子', active: true };
  it('writes Japanese for ja readers', () => {
    const m = composeNotificationMail({ ...n, locale: 'ja' }, 'https://yui.example.jp');
    expect(m.subject).toBe('権限が付与されました');
    expect(m.text.split('\n').slice(0, 3)).toEqual(['郡山 花子 様', '', '所属長（総務課）の権限が付与されました。']);
    expect(m.to).toEqual({ email: 'a@x.example', name: '郡山 花子' });
  });
  it('writes English for en readers', () => {
    const m = composeNotificationMail({ ...n, locale: 'en' }, 'https://yui.example.jp');
    expect(m.subject).toBe('You have a new role');
    expect(m.text).toContain('You are now manager (総務課).');
  });
});
