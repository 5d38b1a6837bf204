import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addDays, todayInJapan } from '@yui/domain';
import { findMatchingTalent, findTalentCandidates } from '@yui/db/queries/talent';
import { useTestApi } from './helpers';
import { day, helpCast, insertHelpCall, insertTalent, type HelpCast, type HelpUser } from './help-fixtures';

/**
 * 人材 (talent registry), person pages and 人材宛依頼 (direct requests): /api/talent/**.
 * Town A (郡山市) asks, town B (三春町) helps, town C (田村市) is the third town of the region that
 * must not see requests between A and B, and the other region sees nothing at all.
 */
const t = useTestApi();
let h: HelpCast;

beforeAll(async () => {
  h = await helpCast(t);
});

const reqBody = (over: Record<string, unknown> = {}) => ({
  title: '観光パンフレットのイラスト',
  body: '表紙のイラストを描いていただけませんか。',
  category: 'planning',
  workStart: day(0),
  workEnd: day(4),
  hoursNote: '13:00〜16:00',
  minutesPerDay: 120,
  place: '郡山市役所',
  ...over,
});

async function outbox(type: string, requestId: string) {
  return t.db.owner`select payload, municipality_id from outbox_events where type = ${type} and payload->>'requestId' = ${requestId} order by created_at`;
}

async function optIn(u: HelpUser, body: Record<string, unknown>) {
  const res = await h.call(u, 'PUT', '/api/talent/me', body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('my talent entry', () => {
  it('opts in with normalised skills; notify skills must be among them; opting out keeps the skills', async () => {
    expect((await h.call(h.staffA3, 'GET', '/api/talent/me')).body).toEqual({ profile: null });

    const bad = await h.call(h.staffA3, 'PUT', '/api/talent/me', { skills: ['イラスト'], notifySkills: ['手話'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.notifySkills).toBe('通知を受けるスキル: 登録したスキルから選んでください');

    const saved = await optIn(h.staffA3, {
      skills: ['excel', 'ＥＸＣＥＬ', ' 写真撮影 ', '#いちご狩り'], notifySkills: ['EXCEL'], introduction: '表計算が得意です', availability: '水曜午後',
    });
    expect(saved.profile).toMatchObject({ active: true, skills: ['Excel', '写真撮影', 'いちご狩り'], notifySkills: ['Excel'], availability: '水曜午後' });

    const out = await h.call(h.staffA3, 'DELETE', '/api/talent/me');
    expect(out.status).toBe(200);
    expect(out.body.profile).toMatchObject({ active: false, skills: ['Excel', '写真撮影', 'いちご狩り'] });
    // Still mine to see (and to come back with).
    expect((await h.call(h.staffA3, 'GET', '/api/talent/me')).body.profile.active).toBe(false);
    // The row is written by its owner only; nobody else reads it now (RLS).
    const [row] = await t.db.owner`select active, opted_out_at from talent_profiles where user_id = ${h.staffA3.id}`;
    expect(row).toMatchObject({ active: false });
    expect(row!.opted_out_at).not.toBeNull();
  });
});

describe('finding talent', () => {
  beforeAll(async () => {
    await optIn(h.staffB1, { skills: ['イラスト', 'デザイン'], notifySkills: ['イラスト'], introduction: '水彩画を描きます。ポスター制作の経験あり。' });
    await optIn(h.staffC1, { skills: ['手話', 'イラスト'], introduction: '手話通訳士です' });
    await optIn(h.staffA1, { skills: ['英語'], introduction: 'Speaks English' });
    // An outsider of the other region registers in their own region.
    await optIn(h.outsider, { skills: ['イラスト'] });
  });

  it('searches by skill (ignoring case), town and words; never another region', async () => {
    const bySkill = await h.call(h.staffA2, 'GET', `/api/talent?skill=${encodeURIComponent('イラスト')}`);
    expect(bySkill.status).toBe(200);
    expect(bySkill.body.items.map((c: any) => c.person.id).sort()).toEqual([h.staffB1.id, h.staffC1.id].sort());
    const card = bySkill.body.items.find((c: any) => c.person.id === h.staffB1.id);
    expect(card).toMatchObject({ skills: ['イラスト', 'デザイン'], helpedCount: 0, thanksCount: 0, photoUrl: null });
    expect(card.person).toMatchObject({ name: '三春 桜', municipalityName: '三春町' });

    const byTown = await h.call(h.staffA2, 'GET', `/api/talent?skill=${encodeURIComponent('イラスト')}&town=${h.townC.id}`);
    expect(byTown.body.items.map((c: any) => c.person.id)).toEqual([h.staffC1.id]);

    const english = await h.call(h.staffB2, 'GET', '/api/talent?skill=ENGLISH');
    expect(english.body.items).toEqual([]);
    expect((await h.call(h.staffB2, 'GET', `/api/talent?skill=${encodeURIComponent('英語')}`)).body.items.map((c: any) => c.person.id)).toEqual([h.staffA1.id]);

    for (const [q, who] of [['水彩', h.staffB1], ['みはる', h.staffB1], ['手話通訳', h.staffC1], ['english', h.staffA1]] as const) {
      const res = await h.call(h.staffA2, 'GET', `/api/talent?q=${encodeURIComponent(q)}`);
      expect(res.body.items.map((c: any) => c.person.id), q).toEqual([who.id]);
    }

    const all = await h.call(h.staffA2, 'GET', '/api/talent?limit=2');
    expect(all.body.items).toHaveLength(2);
    const next = await h.call(h.staffA2, 'GET', `/api/talent?limit=2&cursor=${all.body.nextCursor}`);
    expect([...all.body.items, ...next.body.items].map((c: any) => c.person.id).sort()).toEqual([h.staffA1.id, h.staffB1.id, h.staffC1.id].sort());
    expect(next.body.nextCursor).toBeNull();

    // The other region sees only its own.
    const other = await h.call(h.outsider, 'GET', '/api/talent');
    expect(other.body.items.map((c: any) => c.person.id)).toEqual([h.outsider.id]);
  });

  it('skill suggestions: the standard list and the region\'s own, most common first', async () => {
    const res = await h.call(h.staffA2, 'GET', '/api/talent/skills');
    expect(res.status).toBe(200);
    expect(res.body.suggested).toContain('手話');
    expect(res.body.popular[0]).toEqual({ skill: 'イラスト', count: 2 });
  });

  it('an opted-out person cannot be found (search, candidates, matching) and their page shows no talent', async () => {
    await optIn(h.staffC2, { skills: ['イラスト', 'ドローン'], notifySkills: ['ドローン'] });
    expect((await h.call(h.staffA2, 'GET', `/api/talent?skill=${encodeURIComponent('ドローン')}`)).body.items).toHaveLength(1);
    const ctx = { tenantId: h.townA.id, regionId: h.region.id, userId: h.staffA2.id };
    const reach = { regionId: h.region.id, municipalityId: null, skills: ['ドローン'], excludeUserIds: [] };
    expect((await t.app.withTenant(ctx, (tx) => findMatchingTalent(tx, { ...reach, limit: 10 }))).map((r) => r.userId)).toEqual([h.staffC2.id]);

    expect((await h.call(h.staffC2, 'DELETE', '/api/talent/me')).status).toBe(200);

    expect((await h.call(h.staffA2, 'GET', `/api/talent?skill=${encodeURIComponent('ドローン')}`)).body.items).toEqual([]);
    expect((await h.call(h.staffA2, 'GET', `/api/talent?q=${encodeURIComponent('田村')}`)).body.items.map((c: any) => c.person.id)).toEqual([h.staffC1.id]);
    // Not even to themselves in the registry.
    expect((await h.call(h.staffC2, 'GET', `/api/talent?skill=${encodeURIComponent('ドローン')}`)).body.items).toEqual([]);
    expect(await t.app.withTenant(ctx, (tx) => findMatchingTalent(tx, { ...reach, limit: 10 }))).toEqual([]);
    expect(await t.app.withTenant(ctx, (tx) => findTalentCandidates(tx, reach))).toEqual([]);
    // …and not for themselves either (their own row is visible to them by RLS, but not active).
    const own = { tenantId: h.townC.id, regionId: h.region.id, userId: h.staffC2.id };
    expect(await t.app.withTenant(own, (tx) => findTalentCandidates(tx, reach))).toEqual([]);

    const page = await h.call(h.staffA2, 'GET', `/api/talent/${h.staffC2.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ talent: null, can: { request: false } });
    expect(page.body.person.name).toBe('田村 二葉');

    // A direct request to them is refused.
    const ask = await h.call(h.staffA2, 'POST', `/api/talent/${h.staffC2.id}/requests`, reqBody());
    expect(ask.status).toBe(400);
    expect(ask.body.error.fields.talent).toBe('人材: 人材登録していない職員です');

    // The help-calls module's suggestions (findTalentCandidates) leave them out too.
    const call = await insertHelpCall(t.db.owner, {
      regionId: h.region.id, municipalityId: h.townA.id, departmentId: h.deptA.id, createdBy: h.managerA, skills: ['イラスト', 'ドローン'],
    });
    const sugg = await h.call(h.managerA, 'GET', `/api/help-calls/${call.id}/suggestions`);
    expect(sugg.status, JSON.stringify(sugg.body)).toBe(200);
    const ids = sugg.body.items.map((s: any) => s.person.id);
    expect(ids).not.toContain(h.staffC2.id);
    expect(ids).toEqual(expect.arrayContaining([h.staffB1.id, h.staffC1.id]));
  });

  it('someone the admin deactivated drops out at once: search, candidates, matching, requests', async () => {
    await optIn(h.staffB2, { skills: ['手話'], notifySkills: ['手話'] });
    const skill = `/api/talent?skill=${encodeURIComponent('手話')}`;
    expect((await h.call(h.staffA2, 'GET', skill)).body.items.map((c: any) => c.person.id)).toContain(h.staffB2.id);
    await t.db.owner`update users set active = false where id = ${h.staffB2.id}`;
    try {
      expect((await h.call(h.staffA2, 'GET', skill)).body.items.map((c: any) => c.person.id)).not.toContain(h.staffB2.id);
      const ctx = { tenantId: h.townA.id, regionId: h.region.id, userId: h.staffA2.id };
      const reach = { regionId: h.region.id, municipalityId: null, skills: ['手話'], excludeUserIds: [] };
      expect((await t.app.withTenant(ctx, (tx) => findTalentCandidates(tx, reach))).map((r) => r.userId)).not.toContain(h.staffB2.id);
      expect((await t.app.withTenant(ctx, (tx) => findMatchingTalent(tx, { ...reach, limit: 10 }))).map((r) => r.userId)).not.toContain(h.staffB2.id);
      const ask = await h.call(h.staffA2, 'POST', `/api/talent/${h.staffB2.id}/requests`, reqBody());
      expect(ask.status).toBe(400);
      expect(ask.body.error.fields.talent).toBe('人材: 人材登録していない職員です');
    } finally {
      await t.db.owner`update users set active = true where id = ${h.staffB2.id}`;
    }
    expect((await h.call(h.staffA2, 'GET', skill)).body.items.map((c: any) => c.person.id)).toContain(h.staffB2.id);
    expect((await h.call(h.staffB2, 'DELETE', '/api/talent/me')).status).toBe(200);
  });

  it('candidates: skills overlap ignoring case, reach and exclusions; matching uses notify skills only', async () => {
    const ctx = { tenantId: h.townA.id, regionId: h.region.id, userId: h.managerA.id };
    const all = await t.app.withTenant(ctx, (tx) => findTalentCandidates(tx, {
      regionId: h.region.id, municipalityId: null, skills: ['イラスト', 'デザイン'], excludeUserIds: [h.staffC1.id],
    }));
    expect(all.map((r) => r.userId)).toEqual([h.staffB1.id]);
    expect(all[0]).toMatchObject({ municipalityId: h.townB.id, skills: ['イラスト', 'デザイン'], helpedCount: 0 });
    const townOnly = await t.app.withTenant(ctx, (tx) => findTalentCandidates(tx, {
      regionId: h.region.id, municipalityId: h.townA.id, skills: ['english', '英語'], excludeUserIds: [],
    }));
    expect(townOnly.map((r) => r.userId)).toEqual([h.staffA1.id]);
    expect(await t.app.withTenant(ctx, (tx) => findTalentCandidates(tx, {
      regionId: h.region.id, municipalityId: h.townA.id, skills: ['イラスト'], excludeUserIds: [],
    }))).toEqual([]);
    // Notify skills: staffB1 asked for イラスト only; staffC1 for nothing.
    const match = (skills: string[]) => t.app.withTenant(ctx, (tx) => findMatchingTalent(tx, {
      regionId: h.region.id, municipalityId: null, skills, excludeUserIds: [], limit: 500,
    }));
    expect((await match(['イラスト'])).map((r) => r.userId)).toEqual([h.staffB1.id]);
    expect(await match(['デザイン'])).toEqual([]);
    expect(await match([])).toEqual([]);
  });
});

describe('person pages', () => {
  it('another region: 404 both ways; an unknown id: 404', async () => {
    expect((await h.call(h.outsider, 'GET', `/api/talent/${h.staffB1.id}`)).status).toBe(404);
    expect((await h.call(h.staffB1, 'GET', `/api/talent/${h.outsider.id}`)).status).toBe(404);
    expect((await h.call(h.staffB1, 'GET', `/api/talent/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await h.call(h.outsider, 'POST', `/api/talent/${h.staffB1.id}/requests`, reqBody())).status).toBe(404);
  });

  it('shows photo, introduction, talent and help given (accepted calls with minutes and thanks)', async () => {
    await t.db.owner`update users set introduction = '三春町の企画課です', photo_url = ${`/api/people/${h.staffB1.id}/photo?v=0123abcd`} where id = ${h.staffB1.id}`;
    const call = await insertHelpCall(t.db.owner, {
      regionId: h.region.id, municipalityId: h.townA.id, departmentId: h.deptA.id, createdBy: h.managerA, title: '桜まつりの受付', status: 'finished',
      workStart: addDays(todayInJapan(), -20), workEnd: addDays(todayInJapan(), -19), deadline: addDays(todayInJapan(), -25),
      publishedOn: addDays(todayInJapan(), -30), appliedCount: 1, acceptedCount: 1,
    });
    await t.db.owner`
      insert into help_applications (region_id, call_id, user_id, municipality_id, status, planned_minutes, first_date,
                                     participated_minutes, recorded_at, thanks, thanked_at)
      values (${h.region.id}, ${call.id}, ${h.staffB1.id}, ${h.townB.id}, 'accepted', 180, ${addDays(todayInJapan(), -20)},
              170, now(), '笑顔の受付をありがとうございました', now())`;
    // A town-only call of town A: town B's people may see their own help… but town C's may not.
    const townOnly = await insertHelpCall(t.db.owner, {
      regionId: h.region.id, municipalityId: h.townA.id, departmentId: h.deptA.id, createdBy: h.managerA, title: '庁内研修', reach: 'town', status: 'finished',
      workStart: addDays(todayInJapan(), -10), workEnd: addDays(todayInJapan(), -10), deadline: addDays(todayInJapan(), -12), publishedOn: addDays(todayInJapan(), -15),
    });
    await t.db.owner`
      insert into help_applications (region_id, call_id, user_id, municipality_id, status, first_date)
      values (${h.region.id}, ${townOnly.id}, ${h.staffA1.id}, ${h.townA.id}, 'accepted', ${addDays(todayInJapan(), -10)})`;

    const page = await h.call(h.staffC1, 'GET', `/api/talent/${h.staffB1.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      photoUrl: `/api/people/${h.staffB1.id}/photo?v=0123abcd`,
      introduction: '三春町の企画課です',
      talent: { active: true, skills: ['イラスト', 'デザイン'] },
      totals: { count: 1, minutes: 170, thanks: 1 },
      can: { request: true },
    });
    expect(page.body.talent.notifySkills).toBeUndefined();
    expect(page.body.helpGiven).toEqual([{
      kind: 'call', id: call.id, title: '桜まつりの受付', town: { id: h.townA.id, name: '郡山市' },
      department: { id: h.deptA.id, name: '観光政策課', path: '産業観光部 > 観光政策課' },
      date: addDays(todayInJapan(), -20), minutes: 170, thanks: '笑顔の受付をありがとうございました', thankedAt: expect.any(String),
    }]);
    // Counts on the card follow.
    const cards = await h.call(h.staffC1, 'GET', `/api/talent?skill=${encodeURIComponent('デザイン')}`);
    expect(cards.body.items[0]).toMatchObject({ helpedCount: 1, thanksCount: 1, photoUrl: `/api/people/${h.staffB1.id}/photo?v=0123abcd` });

    // The town-only call: its own town sees the help, another town does not.
    expect((await h.call(h.staffA2, 'GET', `/api/talent/${h.staffA1.id}`)).body.helpGiven.map((g: any) => g.title)).toEqual(['庁内研修']);
    expect((await h.call(h.staffC1, 'GET', `/api/talent/${h.staffA1.id}`)).body.helpGiven).toEqual([]);
    // One's own page: no "ask" button.
    expect((await h.call(h.staffB1, 'GET', `/api/talent/${h.staffB1.id}`)).body.can.request).toBe(false);
  });
});

describe('direct requests (人材宛依頼)', () => {
  it('lifecycle: sent → accepted with days (20% request in the talent\'s town) → manager approves → participation and thanks', async () => {
    const sent = await h.call(h.staffA1, 'POST', `/api/talent/${h.staffB1.id}/requests`, reqBody({ idempotencyKey: 'direct-key-0001' }));
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const id = sent.body.id;
    expect(sent.body).toMatchObject({
      status: 'sent', town: { id: h.townA.id, name: '郡山市' }, department: { id: h.deptA.id, name: '観光政策課' },
      requestedBy: { id: h.staffA1.id }, talent: { id: h.staffB1.id }, timeStatus: null,
      can: { answer: false, withdraw: true, record: false },
    });
    // A double submit returns the first request.
    const again = await h.call(h.staffA1, 'POST', `/api/talent/${h.staffB1.id}/requests`, reqBody({ idempotencyKey: 'direct-key-0001' }));
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(id);
    expect(await outbox('help.direct_requested', id)).toEqual([
      { payload: expect.objectContaining({ recipientIds: [h.staffB1.id], fromName: '郡山 太郎', departmentName: '観光政策課' }), municipality_id: h.townA.id },
    ]);

    // Received / sent boxes.
    const inbox = await h.call(h.staffB1, 'GET', '/api/talent/requests?box=received');
    expect(inbox.body.items.map((r: any) => r.id)).toEqual([id]);
    expect(inbox.body.items[0].can).toEqual({ answer: true, withdraw: false, record: false });
    expect((await h.call(h.staffA1, 'GET', '/api/talent/requests?box=sent')).body.items.map((r: any) => r.id)).toEqual([id]);
    expect((await h.call(h.staffA1, 'GET', '/api/talent/requests')).body.items).toEqual([]);

    // The requester sees the request but may not answer it (403); days are required and must be within the dates.
    expect((await h.call(h.staffA1, 'POST', `/api/talent/requests/${id}/answer`, { answer: 'accept', days: [{ date: day(1), minutes: 120 }] })).status).toBe(403);
    const noDays = await h.call(h.staffB1, 'POST', `/api/talent/requests/${id}/answer`, { answer: 'accept' });
    expect(noDays.status).toBe(400);
    expect(noDays.body.error.fields.days).toContain('承諾するには日程を選んでください');
    const outside = await h.call(h.staffB1, 'POST', `/api/talent/requests/${id}/answer`, { answer: 'accept', days: [{ date: day(1), minutes: 120 }, { date: day(9), minutes: 120 }] });
    expect(outside.status).toBe(400);
    expect(Object.keys(outside.body.error.fields)).toEqual(['days.1.date']);

    const accepted = await h.call(h.staffB1, 'POST', `/api/talent/requests/${id}/answer`, {
      answer: 'accept', note: '喜んで', days: [{ date: day(2), minutes: 120 }, { date: day(1), minutes: 90 }],
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'pending_time', plannedMinutes: 210, firstDate: day(1), responseNote: '喜んで', timeStatus: 'submitted', can: { withdraw: true } });
    const [row] = await t.db.owner`select time_request_id from help_direct_requests where id = ${id}`;
    const [time] = await t.db.owner`select municipality_id, requester_id, ref_type, ref_id, status, activity_kind from time_requests where id = ${row!.time_request_id}`;
    expect(time).toMatchObject({ municipality_id: h.townB.id, requester_id: h.staffB1.id, ref_type: 'help_direct_request', ref_id: id, status: 'submitted', activity_kind: 'help_call' });
    // The requester does not see the talent's time status.
    expect((await h.call(h.staffA1, 'GET', `/api/talent/requests/${id}`)).body).toMatchObject({ status: 'pending_time', timeStatus: null });
    // Answering twice: 409.
    expect((await h.call(h.staffB1, 'POST', `/api/talent/requests/${id}/answer`, { answer: 'decline' })).status).toBe(409);

    await h.decideTime(h.managerB, row!.time_request_id);
    const confirmed = await h.call(h.staffA1, 'GET', `/api/talent/requests/${id}`);
    expect(confirmed.body).toMatchObject({ status: 'accepted', can: { withdraw: true, record: false } });
    expect((await h.call(h.staffB1, 'GET', `/api/talent/requests/${id}`)).body.timeStatus).toBe('approved');
    expect(await outbox('help.direct_confirmed', id)).toEqual([
      { payload: expect.objectContaining({ recipientIds: [h.staffA1.id], talentName: '三春 桜' }), municipality_id: h.townB.id },
    ]);

    // Participation: not before the work has begun, and only the requester.
    const early = await h.call(h.staffA1, 'POST', `/api/talent/requests/${id}/participation`, { minutes: 200 });
    expect(early.status).toBe(400);
    expect(early.body.error.fields.minutes).toBe('時間: 活動が始まってから記録できます');
    await t.db.owner`update help_direct_requests set work_start = ${todayInJapan()} where id = ${id}`;
    // The talent sees the request but recording the work is the requester's (403).
    expect((await h.call(h.staffB1, 'POST', `/api/talent/requests/${id}/participation`, { minutes: 200 })).status).toBe(403);
    const rec = await h.call(h.staffA1, 'POST', `/api/talent/requests/${id}/participation`, { minutes: 200, thanks: '素敵なイラストをありがとう' });
    expect(rec.status, JSON.stringify(rec.body)).toBe(200);
    expect(rec.body).toMatchObject({ participatedMinutes: 200, thanks: '素敵なイラストをありがとう' });
    // Recording again with the same thanks does not tell them twice.
    await h.call(h.staffA1, 'POST', `/api/talent/requests/${id}/participation`, { minutes: 210, thanks: '素敵なイラストをありがとう' });
    expect(await outbox('help.direct_thanked', id)).toHaveLength(1);

    // The talent's page shows it, to the requester's town…
    const page = await h.call(h.staffA2, 'GET', `/api/talent/${h.staffB1.id}`);
    expect(page.body.helpGiven.find((g: any) => g.kind === 'direct')).toMatchObject({
      id, title: '観光パンフレットのイラスト', minutes: 210, thanks: '素敵なイラストをありがとう', department: { name: '観光政策課' },
    });
    // …but a third town cannot see a request between two other towns, on the page or anywhere.
    const third = await h.call(h.staffC1, 'GET', `/api/talent/${h.staffB1.id}`);
    expect(third.body.helpGiven.map((g: any) => g.kind)).toEqual(['call']);
    expect((await h.call(h.staffC1, 'GET', `/api/talent/requests/${id}`)).status).toBe(404);
    expect((await h.call(h.managerC, 'POST', `/api/talent/requests/${id}/withdraw`)).status).toBe(404);
    expect((await h.call(h.outsider, 'GET', `/api/talent/requests/${id}`)).status).toBe(404);
    // The rest of the two towns: 404 as well (only the two people concerned).
    expect((await h.call(h.staffA2, 'GET', `/api/talent/requests/${id}`)).status).toBe(404);
    expect((await h.call(h.staffB2, 'POST', `/api/talent/requests/${id}/answer`, { answer: 'decline' })).status).toBe(404);
    const [hidden] = await t.app.withTenant({ tenantId: h.townC.id, regionId: h.region.id, userId: h.staffC1.id },
      (tx) => tx.execute(sqlCount(id)));
    expect(hidden).toEqual({ n: 0 });

    // Withdrawing after it is agreed: the talent is told; the event names the request (the ref of their
    // 20% time, which the worker releases in the talent's town — apps/worker/test/help-release.test.ts).
    const w = await h.call(h.staffA1, 'POST', `/api/talent/requests/${id}/withdraw`);
    expect(w.body.status).toBe('withdrawn');
    expect(await outbox('help.direct_withdrawn', id)).toEqual([
      { payload: expect.objectContaining({ requestId: id, recipientIds: [h.staffB1.id], fromName: '郡山 太郎' }), municipality_id: h.townA.id },
    ]);
    // No worker runs here: the talent cancels the time in the time screens, and the hook finds nothing to change.
    const cancel = await h.call(h.staffB1, 'POST', `/api/time-requests/${row!.time_request_id}/cancel`);
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expect((await h.call(h.staffB1, 'GET', `/api/talent/requests/${id}`)).body.status).toBe('withdrawn');
  });

  it('the talent\'s manager declines the time: time_declined, never accepted; decline answers; refused time writes nothing', async () => {
    const id = (await h.call(h.managerA, 'POST', `/api/talent/${h.staffC1.id}/requests`, reqBody({ title: '手話通訳のお願い' }))).body.id;
    const ans = await h.call(h.staffC1, 'POST', `/api/talent/requests/${id}/answer`, { answer: 'accept', days: [{ date: day(3), minutes: 60 }] });
    expect(ans.status).toBe(200);
    const [row] = await t.db.owner`select time_request_id from help_direct_requests where id = ${id}`;
    await h.decideTime(h.managerC, row!.time_request_id, 'decline', '繁忙期のため');
    const after = await h.call(h.managerA, 'GET', `/api/talent/requests/${id}`);
    expect(after.body).toMatchObject({ status: 'time_declined', can: { withdraw: false, record: false } });
    expect((await outbox('help.direct_answered', id)).map((e) => e.payload.accepted)).toEqual([true]);
    expect((await outbox('help.direct_fell_through', id)).map((e) => e.payload.reason)).toEqual(['time_declined']);
    const [r] = await t.db.owner`select confirmed_at from help_direct_requests where id = ${id}`;
    expect(r!.confirmed_at).toBeNull();

    // Declining.
    const id2 = (await h.call(h.managerA, 'POST', `/api/talent/${h.staffC1.id}/requests`, reqBody({ title: '二件目' }))).body.id;
    const dec = await h.call(h.staffC1, 'POST', `/api/talent/requests/${id2}/answer`, { answer: 'decline', note: '今月は難しいです' });
    expect(dec.body).toMatchObject({ status: 'declined', responseNote: '今月は難しいです', can: { answer: false, withdraw: false } });
    expect((await h.call(h.managerA, 'POST', `/api/talent/requests/${id2}/withdraw`)).status).toBe(409);

    // Time refused (too many minutes in a day): 400 and nothing changes.
    const id3 = (await h.call(h.managerA, 'POST', `/api/talent/${h.staffC1.id}/requests`, reqBody({ title: '三件目' }))).body.id;
    const refused = await h.call(h.staffC1, 'POST', `/api/talent/requests/${id3}/answer`, { answer: 'accept', days: [{ date: day(1), minutes: 480 }, { date: day(2), minutes: 480 }, { date: day(3), minutes: 480 }, { date: day(4), minutes: 480 }] });
    expect(refused.status).toBe(400);
    const [still] = await t.db.owner`select status, time_request_id from help_direct_requests where id = ${id3}`;
    expect(still).toEqual({ status: 'sent', time_request_id: null });
    const [n] = await t.db.owner`select count(*)::int as n from time_requests where ref_id = ${id3}`;
    expect(n!.n).toBe(0);
  });

  it('the talent withdraws: their pending 20% request is withdrawn with it; the requester is told', async () => {
    const id = (await h.call(h.staffA2, 'POST', `/api/talent/${h.staffB1.id}/requests`, reqBody({ title: '写真の依頼' }))).body.id;
    // The talent cannot withdraw before answering (they decline instead).
    expect((await h.call(h.staffB1, 'POST', `/api/talent/requests/${id}/withdraw`)).status).toBe(409);
    await h.call(h.staffB1, 'POST', `/api/talent/requests/${id}/answer`, { answer: 'accept', days: [{ date: day(4), minutes: 60 }] });
    const w = await h.call(h.staffB1, 'POST', `/api/talent/requests/${id}/withdraw`);
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    expect(w.body).toMatchObject({ status: 'withdrawn', timeStatus: 'withdrawn' });
    const [row] = await t.db.owner`select r.status, r.withdrawn_at, t.status as time_status from help_direct_requests r join time_requests t on t.id = r.time_request_id where r.id = ${id}`;
    expect(row).toMatchObject({ status: 'withdrawn', time_status: 'withdrawn' });
    expect(row!.withdrawn_at).not.toBeNull();
    expect((await outbox('help.direct_answered', id)).map((e) => [e.payload.accepted, e.payload.recipientIds])).toEqual([[true, [h.staffA2.id]]]);
    expect((await outbox('help.direct_fell_through', id)).map((e) => [e.payload.reason, e.payload.recipientIds])).toEqual([['time_withdrawn', [h.staffA2.id]]]);
  });

  it('refuses oneself, past dates, reversed dates and another town\'s department', async () => {
    const self = await h.call(h.staffB1, 'POST', `/api/talent/${h.staffB1.id}/requests`, reqBody());
    expect(self.status).toBe(400);
    expect(self.body.error.fields.talent).toBe('人材: 自分には依頼できません');
    const dates = await h.call(h.staffA1, 'POST', `/api/talent/${h.staffB1.id}/requests`, reqBody({ workStart: addDays(todayInJapan(), -1), workEnd: addDays(todayInJapan(), -3) }));
    expect(dates.status).toBe(400);
    expect(Object.keys(dates.body.error.fields).sort()).toEqual(['workEnd', 'workStart']);
    const dept = await h.call(h.staffA1, 'POST', `/api/talent/${h.staffB1.id}/requests`, reqBody({ departmentId: h.deptB.id }));
    expect(dept.status).toBe(400);
    expect(dept.body.error.fields.departmentId).toBeDefined();
    const other = await h.call(h.staffA1, 'POST', `/api/talent/${h.staffB1.id}/requests`, reqBody({ departmentId: h.deptA2.id }));
    expect(other.status).toBe(201);
    expect(other.body.department.name).toBe('総務課');
  });
});

function sqlCount(id: string) {
  return sql`select count(*)::int as n from help_direct_requests where id = ${id}`;
}
