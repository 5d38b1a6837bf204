import { describe, expect, it } from 'vitest';
import { eventTypes, renderNotification, type EventPayload, type EventType } from '@yui/contracts';
import { absoluteLink, composeNotificationMail, deliveryFor, sentence } from './deliver';

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

describe('職場応援 deliveries', () => {
  const callId = '0b8f3a52-6f7d-4c1e-9a3b-2d4e5f6a7b8c';
  const requestId = '1c9e4b63-7a8e-4d2f-8b4c-3e5f6a7b8c9d';
  const to = ['2d0f5c74-8b9f-4e3a-9c5d-4f6a7b8c9d0e'];
  const applicationId = '3e1a6d85-9c0a-4f4b-8d6e-5a7b8c9d0e1f';
  const call = { callId, title: '観光PR動画の撮影補助', recipientIds: to };
  const direct = { requestId, title: '議事録作成の手伝い', recipientIds: to };
  const samples: { [T in EventType as T extends `help.${string}` ? T : never]: EventPayload<T> } = {
    'help.call_matched': { ...call, departmentName: '観光政策課', townName: '郡山市', skills: ['動画編集', 'SNS運用'] },
    'help.application_counted': { ...call, applicantName: '三春 桜' },
    'help.application_withdrawn': { ...call, applicantName: '三春 桜' },
    'help.application_accepted': call,
    'help.application_declined': { ...call, note: '定員に達しました', applicationId },
    'help.call_cancelled': { ...call, reason: '荒天のため', applications: [{ userId: to[0]!, applicationId }] },
    'help.call_closed': { ...call, appliedCount: 3, headcount: 2 },
    'help.thanked': { ...call, fromName: '郡山 花子' },
    'help.direct_requested': { ...direct, fromName: '郡山 花子', departmentName: '総務課' },
    'help.direct_answered': { ...direct, talentName: '三春 桜', accepted: false, note: null },
    'help.direct_confirmed': { ...direct, talentName: '三春 桜' },
    'help.direct_withdrawn': { ...direct, fromName: '郡山 花子' },
    'help.direct_fell_through': { ...direct, talentName: '三春 桜', reason: 'time_declined' },
    'help.direct_thanked': { ...direct, fromName: '郡山 花子' },
  };

  it('covers every help.* event, region-wide, linking to the call or the request', () => {
    expect(Object.keys(samples).sort()).toEqual(eventTypes.filter((t) => t.startsWith('help.')).sort());
    for (const [type, payload] of Object.entries(samples)) {
      const d = deliveryFor(type, payload);
      expect(d).toMatchObject({ kind: type, userIds: to, regionWide: true });
      expect(d.link).toBe(type.startsWith('help.direct_') ? `/help/requests/${requestId}` : `/help/calls/${callId}`);
      for (const v of Object.values(d.params)) expect(v === null || typeof v === 'string').toBe(true);
    }
  });

  it('renders every template in both languages with the values filled in', () => {
    for (const [type, payload] of Object.entries(samples)) {
      for (const lang of ['ja', 'en'] as const) {
        const { title, body } = renderNotification(type, deliveryFor(type, payload).params, lang);
        expect(title, `${type} ${lang}`).not.toBe(type);
        expect(`${title} ${body}`, `${type} ${lang}`).not.toMatch(/undefined|null|\[object|NaN/);
        expect(body, `${type} ${lang}`).toContain(payload.title);
      }
    }
  });

  it('writes skills with ・, figures and yes/no as text, and a note as its own sentence', () => {
    const released = '20%ルールの申請は自動で取り下げ（承認済みのものは取り消し）ました。すでに始まっている時間は、20%ルールの画面で所属長と調整してください。';
    const ja = (type: keyof typeof samples, p: unknown) => renderNotification(type, deliveryFor(type, p).params, 'ja');
    expect(ja('help.call_matched', samples['help.call_matched']).body).toBe('郡山市 観光政策課「観光PR動画の撮影補助」（動画編集・SNS運用）');
    expect(ja('help.call_closed', samples['help.call_closed']).body).toContain('募集2人に対して応募3人です。');
    expect(ja('help.application_declined', samples['help.application_declined']).body)
      .toBe(`「観光PR動画の撮影補助」は今回は見送りとなりました。定員に達しました。${released}`);
    expect(ja('help.application_declined', { ...call, note: null }).body)
      .toBe(`「観光PR動画の撮影補助」は今回は見送りとなりました。${released}`);
    expect(ja('help.call_cancelled', samples['help.call_cancelled']).body).toBe(`「観光PR動画の撮影補助」は中止になりました（荒天のため）。${released}`);
    expect(ja('help.direct_withdrawn', samples['help.direct_withdrawn']).body).toBe(`郡山 花子さんが「議事録作成の手伝い」の依頼を取り下げました。${released}`);
    const en = (type: keyof typeof samples, p: unknown) => renderNotification(type, deliveryFor(type, p).params, 'en');
    expect(en('help.application_declined', { ...call, note: null }).body)
      .toBe('“観光PR動画の撮影補助” will go ahead without you this time. Your 20% request has been withdrawn (or, if approved, cancelled) automatically. Time that has already begun must be dealt with in the 20% screens with your manager.');
    expect(ja('help.direct_answered', { ...samples['help.direct_answered'], accepted: true }).title).toBe('依頼が承諾されました');
    expect(ja('help.direct_answered', samples['help.direct_answered'])).toEqual({ title: '依頼が辞退されました', body: '三春 桜さんが「議事録作成の手伝い」を辞退しました。' });
  });

  it("the three ways help falls through release the helper's 20% time for that thing; the others release nothing", () => {
    expect(deliveryFor('help.call_cancelled', samples['help.call_cancelled']).release)
      .toEqual({ refType: 'help_application', reason: 'call_cancelled', items: [{ userId: to[0], refId: applicationId }] });
    expect(deliveryFor('help.application_declined', samples['help.application_declined']).release)
      .toEqual({ refType: 'help_application', reason: 'application_declined', items: [{ userId: to[0], refId: applicationId }] });
    expect(deliveryFor('help.direct_withdrawn', samples['help.direct_withdrawn']).release)
      .toEqual({ refType: 'help_direct_request', reason: 'direct_withdrawn', items: [{ userId: to[0], refId: requestId }] });
    // Events stored before the fields existed still deliver (and release nothing).
    expect(deliveryFor('help.call_cancelled', { ...call, reason: '荒天のため' }).release?.items).toEqual([]);
    expect(deliveryFor('help.application_declined', { ...call, note: null }).release).toBeUndefined();
    for (const [type, payload] of Object.entries(samples)) {
      if (!['help.call_cancelled', 'help.application_declined', 'help.direct_withdrawn'].includes(type)) {
        expect(deliveryFor(type, payload).release, type).toBeUndefined();
      }
    }
  });

  it('sentence: closes a note with 。 or . unless it already ends a sentence; blank is none', () => {
    expect(sentence('定員に達しました')).toBe('定員に達しました。');
    expect(sentence('また次回お願いします！')).toBe('また次回お願いします！');
    expect(sentence('  We had enough people ')).toBe('We had enough people.');
    expect(sentence('「延期」')).toBe('「延期」');
    expect(sentence('   ')).toBeNull();
    expect(sentence(null)).toBeNull();
  });
});
