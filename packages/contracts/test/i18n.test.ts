import { describe, expect, it } from 'vitest';
import { errorCodes, errorMessages, eventTypes, fieldMessage, notificationTemplates, renderNotification, jobNames, jobPayloads } from '../src/index';

describe('contracts', () => {
  it('has a Japanese and an English message for every error code', () => {
    for (const code of errorCodes) {
      expect(errorMessages[code].ja, code).toMatch(/[ぁ-んァ-ン一-龯]/);
      expect(errorMessages[code].en, code).toMatch(/^[A-Z]/);
    }
  });
  it('has a notification text for every event type, in both languages', () => {
    for (const type of eventTypes) {
      expect(notificationTemplates[type], type).toBeDefined();
      expect(renderNotification(type, { role: 'manager', departmentName: '観光政策課', title: 't', body: 'b' }, 'ja').title).not.toBe('');
      expect(renderNotification(type, { role: 'manager', departmentName: '観光政策課', title: 't', body: 'b' }, 'en').title).not.toBe('');
    }
  });
  it('names fields in the reader’s language', () => {
    expect(fieldMessage('email', 'invalid_format', 'ja')).toBe('メールアドレス: 形式が正しくありません');
    expect(fieldMessage('email', 'invalid_format', 'en')).toBe('E-mail is not in a valid format');
  });
  it('every job payload carries its tenant', () => {
    for (const name of jobNames) {
      expect(jobPayloads[name].safeParse({}).success).toBe(false);
      expect(Object.keys(jobPayloads[name].shape)).toContain('tenantId');
    }
  });
});
