import { describe, expect, it } from 'vitest';
import { isLocale, messages, roleLabel, translator } from './i18n';

describe('i18n', () => {
  it('fills placeholders', () => {
    expect(translator('ja')('home.greeting', { name: '郡山 花子', kana: 'こおりやま はなこ' })).toBe(
      '郡山 花子（こおりやま はなこ）さん、こんにちは',
    );
    expect(translator('en')('header.notificationsUnread', { n: 3 })).toBe('Notifications (3 unread)');
  });

  it('has no empty strings in either language', () => {
    for (const lang of ['ja', 'en'] as const) {
      for (const [key, text] of Object.entries(messages[lang])) expect(text, `${lang} ${key}`).not.toBe('');
    }
  });

  it('labels roles with their department', () => {
    expect(roleLabel('manager', '観光政策課', 'ja')).toBe('所属長（観光政策課）');
    expect(roleLabel('staff', null, 'en')).toBe('Staff');
  });

  it('accepts only ja and en', () => {
    expect(isLocale('ja')).toBe(true);
    expect(isLocale('fr')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
