import { describe, expect, it } from 'vitest';
import { mentoringPairsEn, mentoringPairsJa } from './i18n-mentoring-pairs';
import {
  defaultMinutes, myTimeStatus, opState, partnerOf, quietText, readMinutes, reasonText, scaleWord, sent,
  sessionStatusLabel, sessionsNewestFirst, sessionWhen, timeLines, timeStatusWord, timeTone,
} from './mentoring-pairs';

const person = (id: string, name: string) => ({
  id, name, nameKana: name, municipalityId: id, municipalityName: '郡山市', departmentName: null, departmentPath: null, position: null,
});

describe('the words of the pair pages', () => {
  it('has every Japanese key in English, none empty', () => {
    expect(Object.keys(mentoringPairsEn).sort()).toEqual(Object.keys(mentoringPairsJa).sort());
    for (const [k, v] of Object.entries(mentoringPairsEn)) expect(v, k).not.toBe('');
  });

  it('words a session’s status in both languages', () => {
    expect(sessionStatusLabel('planned', 'ja')).toBe('予定');
    expect(sessionStatusLabel('held', 'ja')).toBe('実施済み');
    expect(sessionStatusLabel('cancelled', 'ja')).toBe('中止');
    expect(sessionStatusLabel('held', 'en')).toBe('Held');
    expect(sessionStatusLabel('cancelled', 'en')).toBe('Cancelled');
  });

  it('says 承認待ち (not the 20% pages’ 申請中) for a request waiting for the manager', () => {
    expect(timeStatusWord('submitted', 'ja')).toBe('承認待ち');
    expect(timeStatusWord('approved', 'ja')).toBe('承認済み');
    expect(timeStatusWord(null, 'ja')).toBe('まだ出していません');
    expect(timeStatusWord('submitted', 'en')).toBe('waiting for approval');
    expect(timeStatusWord(null, 'en')).toBe('not filed');
  });
});

describe('each side’s 20% request', () => {
  const s = { mentorTime: 'approved' as const, menteeTime: 'submitted' as const };

  it('is phrased from the reader’s side: mine first, then the partner’s', () => {
    expect(timeLines(s, 'mentor', 'ja').map((l) => l.text)).toEqual(['あなたの20%申請: 承認済み', '相手: 承認待ち']);
    expect(timeLines(s, 'mentee', 'ja').map((l) => l.text)).toEqual(['あなたの20%申請: 承認待ち', '相手: 承認済み']);
    expect(timeLines({ mentorTime: null, menteeTime: 'declined' }, 'mentee', 'en').map((l) => l.text)).toEqual([
      'Your 20% request: declined',
      'Partner: not filed',
    ]);
  });

  it('names both roles for an organiser reading', () => {
    expect(timeLines(s, null, 'ja').map((l) => l.text)).toEqual(['サポート職員: 承認済み', 'サポートを受ける職員: 承認待ち']);
    expect(timeLines(s, null, 'en').map((l) => l.who)).toEqual(['mentor', 'mentee']);
  });

  it('offers filing only to one of the pair who has none', () => {
    expect(myTimeStatus({ mentorTime: null, menteeTime: 'submitted' }, 'mentor')).toBeNull();
    expect(myTimeStatus({ mentorTime: null, menteeTime: 'submitted' }, 'mentee')).toBe('submitted');
    expect(myTimeStatus({ mentorTime: null, menteeTime: null }, null)).toBeNull();
  });

  it('colours the states', () => {
    expect([timeTone('approved'), timeTone('submitted'), timeTone('declined'), timeTone(null), timeTone('withdrawn')]).toEqual(['ok', 'wait', 'off', '', '']);
  });
});

describe('sessions', () => {
  const at = (heldOn: string, startTime: string | null, createdAt: string) => ({ heldOn, startTime, createdAt });

  it('lists the newest first: by date, later start first, then the later written', () => {
    const list = [
      at('2026-05-01', null, '2026-05-01T01:00:00.000Z'),
      at('2026-06-10', '10:00', '2026-05-02T01:00:00.000Z'),
      at('2026-06-10', '15:00', '2026-05-01T01:00:00.000Z'),
      at('2026-05-01', null, '2026-05-03T01:00:00.000Z'),
    ];
    expect(sessionsNewestFirst(list)).toEqual([list[2], list[1], list[3], list[0]]);
    expect(list[0]!.heldOn).toBe('2026-05-01'); // not sorted in place
  });

  it('says when a session is', () => {
    expect(sessionWhen({ heldOn: '2026-06-10', startTime: '14:00', minutes: 90 }, 'ja')).toBe('2026年6月10日（水） 14:00〜・1時間30分');
    expect(sessionWhen({ heldOn: '2026-06-10', startTime: null, minutes: 60 }, 'en')).toBe('Wed, 10 Jun 2026 · 1h');
  });

  it('reads the minutes typed (full-width digits too) and prefills the programme’s length', () => {
    expect(readMinutes('６０')).toEqual({ ok: true, minutes: 60 });
    expect(readMinutes(' 45 ')).toEqual({ ok: true, minutes: 45 });
    expect(readMinutes('')).toEqual({ ok: false, code: 'missing' });
    expect(readMinutes('1時間')).toEqual({ ok: false, code: 'number' });
    expect(defaultMinutes(90)).toBe(90);
    expect(defaultMinutes(null)).toBe(60);
    expect(defaultMinutes(0)).toBe(60);
  });

  it('says how long a pair has been quiet', () => {
    expect(quietText({ weeksQuiet: 5, lastSessionOn: '2026-05-01', status: 'active' }, 'ja')).toBe('最後の面談から5週間');
    expect(quietText({ weeksQuiet: 3, lastSessionOn: null, status: 'active' }, 'en')).toBe('3 weeks since the start (no session yet)');
    expect(quietText({ weeksQuiet: 0, lastSessionOn: null, status: 'active' }, 'ja')).toBeNull();
    expect(quietText({ weeksQuiet: 9, lastSessionOn: null, status: 'ended' }, 'ja')).toBeNull();
  });
});

describe('the pair', () => {
  it('shows the reader their partner (the mentee for an organiser)', () => {
    const mentor = person('11111111-1111-4111-8111-111111111111', '田村');
    const mentee = person('22222222-2222-4222-8222-222222222222', '郡山');
    expect(partnerOf({ mentor, mentee, myRole: 'mentor' }).name).toBe('郡山');
    expect(partnerOf({ mentor, mentee, myRole: 'mentee' }).name).toBe('田村');
    expect(partnerOf({ mentor, mentee, myRole: null }).name).toBe('郡山');
  });

  it('puts the match reasons in words', () => {
    expect(reasonText({ code: 'skills', points: 20, max: 35, skills: ['Excel', '広報'] }, 'ja')).toBe('共通のスキル・関心: Excel、広報');
    expect(reasonText({ code: 'skills', points: 0, max: 35, skills: [] }, 'en')).toBe('No shared skills or interests');
    expect(reasonText({ code: 'experience', points: 20, max: 20, yearsGap: 12 }, 'ja')).toBe('経験年数の差: 12年');
    expect(reasonText({ code: 'department', points: 20, max: 20, distance: 'other_town' }, 'ja')).toBe('別の市町村');
    expect(reasonText({ code: 'department', points: 10, max: 20, distance: 'same_ka' }, 'en')).toBe('Same division (another section)');
    expect(reasonText({ code: 'town', points: 15, max: 15, townWish: 'met' }, 'ja')).toBe('市町村の希望に合っています');
    expect(reasonText({ code: 'capacity', points: 5, max: 10, remaining: 1, capacity: 2 }, 'ja')).toBe('サポート職員の受け持ち: あと1人（2人まで）');
  });

  it('words the survey scales', () => {
    expect(scaleWord('satisfaction', 5, 'ja')).toBe('5 とても満足');
    expect(scaleWord('usefulness', 1, 'en')).toBe('1 Not useful');
    expect(scaleWord('satisfaction', 9, 'ja')).toBe('5 とても満足');
  });
});

describe('form answers', () => {
  it('belong to one form, and for a session’s own forms to that session', () => {
    const f = { op: 'held', sessionId: 'a', heldOn: '2026-06-01', fields: { minutes: 'x' } };
    expect(opState(f, 'held', 'a')).toBe(f);
    expect(opState(f, 'held', 'b')).toBeNull();
    expect(opState(f, 'plan')).toBeNull();
    expect(opState(null, 'plan')).toBeNull();
    expect(sent(f, 'heldOn', '2026-01-01')).toBe('2026-06-01');
    expect(sent(null, 'heldOn', '2026-01-01')).toBe('2026-01-01');
  });
});
