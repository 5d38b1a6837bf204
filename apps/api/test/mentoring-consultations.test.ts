import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { useTestApi } from './helpers';
import { insertPair, insertProgramme, mentoringCast, type MentoringCast } from './mentoring-fixtures';

/**
 * 職員サポート制度 — confidential consultations: a mentor consults the mentee's 所属長 or the 人事 of the
 * mentee's town about the mentee. Only the people in it ever see it: not the mentee, not the programme's
 * admins (even when they are the town's 人事 and were not chosen), not another manager — down to the
 * database (RLS per participant).
 *
 *  q1  郡山市's programme: staffA1 (mentor) – newHireA1 (観光政策課: 所属長 managerA, 人事 adminA)
 *  q2  cross-town: staffB1 (三春町) – newHireA2 (郡山市)
 *  q3  cross-town: staffB2 – staffC2 (田村市 has no 自治体管理者: nobody for 'hr')
 */
const t = useTestApi();
let c: MentoringCast;
let q1: string;
let q2: string;
let q3: string;
let progAId: string;

beforeAll(async () => {
  c = await mentoringCast(t);
  const o = t.db.owner;
  const progA = await insertProgramme(o, { regionId: c.region.id, municipalityId: c.townA.id, createdBy: c.adminA, fiscalYear: c.fy });
  progAId = progA.id;
  const progR = await insertProgramme(o, { regionId: c.region.id, municipalityId: c.townC.id, createdBy: c.coordinator, fiscalYear: c.fy, scope: 'region' });
  q1 = (await insertPair(o, { regionId: c.region.id, programmeId: progA.id, matchedBy: c.adminA, mentor: c.staffA1, mentee: c.newHireA1 })).id;
  const r = { regionId: c.region.id, programmeId: progR.id, matchedBy: c.coordinator };
  q2 = (await insertPair(o, { ...r, mentor: c.staffB1, mentee: c.newHireA2 })).id;
  q3 = (await insertPair(o, { ...r, mentor: c.staffB2, mentee: c.staffC2 })).id;
});

const M = (id: string, rest = '') => `/api/mentoring/mentorships/${id}${rest}`;
const C = (id: string, rest = '') => `/api/mentoring/consultations/${id}${rest}`;
const outbox = (type: string, consultationId: string) =>
  t.db.owner`select payload, municipality_id from outbox_events where type = ${type} and payload->>'consultationId' = ${consultationId} order by created_at`;
const body = (over: Record<string, unknown> = {}) => ({ kind: 'manager', subject: '最近元気がない', body: '残業が続いているようで心配です。', ...over });
let first: string;

describe('opening a consultation', () => {
  it('contacts: the mentee\'s 所属長 and their town\'s 人事, offered to the mentor only', async () => {
    const res = await c.call(c.staffA1, 'GET', M(q1, '/consult-contacts'));
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { id: c.adminA.id, kind: 'hr', name: c.adminA.name, nameKana: 'かんり けいこ', departmentName: '総務課' },
      { id: c.managerA.id, kind: 'manager', name: c.managerA.name, nameKana: 'かちょう はなこ', departmentName: '観光政策課' },
    ]);
    for (const who of [c.newHireA1, c.adminA]) {
      const no = await c.call(who, 'GET', M(q1, '/consult-contacts'));
      expect(no.status, who.name).toBe(403);
      expect(no.body.error.fields).toEqual({ mentorship: 'ペア: サポート職員だけができます' });
    }
    for (const who of [c.staffA2, c.managerA, c.outsider]) expect((await c.call(who, 'GET', M(q1, '/consult-contacts'))).status, who.name).toBe(404);
  });

  it('the mentee cannot open one (403 mentor_only), and the contacts must be among those offered', async () => {
    const count = async () => (await t.db.owner`select count(*)::int as n from mentoring_consultations`)[0]!.n;
    const before = await count();
    const mentee = await c.call(c.newHireA1, 'POST', M(q1, '/consultations'), body());
    expect(mentee.status).toBe(403);
    expect(mentee.body.error.fields).toEqual({ mentorship: 'ペア: サポート職員だけができます' });
    const wrong = await c.call(c.staffA1, 'POST', M(q1, '/consultations'), body({ contactIds: [c.adminA.id] }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual({ contactIds: '相談先: 相談先の候補から選んでください' });
    const none = await c.call(c.staffB2, 'POST', M(q3, '/consultations'), body({ kind: 'hr' }));
    expect(none.status).toBe(400);
    expect(none.body.error.fields).toEqual({ kind: '種類: 相談できる相手が見つかりません（所属長・人事担当が未設定）' });
    expect(await count()).toBe(before);
  });

  it('the mentor opens one with the 所属長: its first message, the manager told; the same key again is the same one', async () => {
    const res = await c.call(c.staffA1, 'POST', M(q1, '/consultations'), body({ idempotencyKey: 'consult-0001' }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    first = res.body.id;
    expect(res.body).toMatchObject({
      mentorshipId: q1, kind: 'manager', status: 'open', subject: '最近元気がない', messageCount: 1,
      mentee: { id: c.newHireA1.id }, openedBy: { id: c.staffA1.id },
      messages: [{ author: { id: c.staffA1.id, name: c.staffA1.name }, body: '残業が続いているようで心配です。', mine: true }],
    });
    expect(res.body.participants.map((p: { id: string }) => p.id)).toEqual([c.staffA1.id, c.managerA.id]);
    const [ev] = await outbox('mentoring.consultation_opened', first);
    expect(ev).toMatchObject({ municipality_id: c.townA.id, payload: { recipientIds: [c.managerA.id], mentorName: c.staffA1.name, subject: '最近元気がない' } });
    const again = await c.call(c.staffA1, 'POST', M(q1, '/consultations'), body({ idempotencyKey: 'consult-0001' }));
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first);
    expect(await outbox('mentoring.consultation_opened', first)).toHaveLength(1);
    expect((await c.call(c.staffA1, 'GET', M(q1))).body.consultationCount).toBe(1);
  });
});

describe('nobody else sees it', () => {
  it('the mentee, the programme\'s admin (人事 not chosen), another manager, colleagues, other regions: 404 and empty lists', async () => {
    for (const who of [c.newHireA1, c.adminA, c.buHeadA, c.staffA2, c.coordinator, c.outsider]) {
      expect((await c.call(who, 'GET', C(first))).status, who.name).toBe(404);
      expect((await c.call(who, 'POST', C(first, '/messages'), { body: 'のぞき見' })).status, who.name).toBe(404);
      expect((await c.call(who, 'POST', C(first, '/close'))).status, who.name).toBe(404);
      expect((await c.call(who, 'GET', '/api/mentoring/consultations')).body.items, who.name).toEqual([]);
    }
    const mentee = await c.call(c.newHireA1, 'GET', M(q1));
    expect(mentee.body).not.toHaveProperty('consultationCount');
    expect(JSON.stringify(mentee.body)).not.toContain('最近元気がない');
    expect(JSON.stringify((await c.call(c.adminA, 'GET', M(q1))).body)).not.toContain('最近元気がない');
    // The manager consulted does see it, and only it.
    const mine = await c.call(c.managerA, 'GET', '/api/mentoring/consultations');
    expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([first]);
    expect((await c.call(c.managerA, 'GET', C(first))).status).toBe(200);
  });

  it('the database agrees: as the app role, neither the mentee nor the admin gets a row of it or of its messages', async () => {
    const read = (userId: string) => t.app.withTenant({ tenantId: c.townA.id, regionId: c.region.id, userId }, async (tx) => ({
      c: (await tx.execute(sql`select id from mentoring_consultations where id = ${first}`)).length,
      m: (await tx.execute(sql`select id from mentoring_consultation_messages where consultation_id = ${first}`)).length,
    }));
    expect(await read(c.newHireA1.id)).toEqual({ c: 0, m: 0 });
    expect(await read(c.adminA.id)).toEqual({ c: 0, m: 0 });
    expect(await read(c.managerA.id)).toEqual({ c: 1, m: 1 });
  });
});

describe('talking and closing', () => {
  it('participants write (the others are told; the same key once), any of them closes; then no more messages', async () => {
    const reply = await c.call(c.managerA, 'POST', C(first, '/messages'), { body: '本人と面談してみます。', idempotencyKey: 'reply-00001' });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body.messages.map((m: { body: string; mine: boolean }) => [m.body, m.mine])).toEqual([
      ['残業が続いているようで心配です。', false], ['本人と面談してみます。', true],
    ]);
    const again = await c.call(c.managerA, 'POST', C(first, '/messages'), { body: '本人と面談してみます。', idempotencyKey: 'reply-00001' });
    expect(again.status).toBe(200);
    expect(again.body.messageCount).toBe(2);
    const events = await outbox('mentoring.consultation_message', first);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ recipientIds: [c.staffA1.id], authorName: c.managerA.name });
    expect((await c.call(c.staffA1, 'POST', C(first, '/messages'), { body: 'ありがとうございます。' })).status).toBe(201);
    expect((await outbox('mentoring.consultation_message', first))[1]!.payload.recipientIds).toEqual([c.managerA.id]);

    const closed = await c.call(c.managerA, 'POST', C(first, '/close'));
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect((await c.call(c.staffA1, 'POST', C(first, '/close'))).status).toBe(200);
    const late = await c.call(c.staffA1, 'POST', C(first, '/messages'), { body: 'もう一つ' });
    expect(late.status).toBe(409);
    expect(late.body.error.fields).toEqual({ consultation: '相談: この相談は終了しています' });
    expect((await c.call(c.staffA1, 'GET', C(first))).body.messageCount).toBe(3);
  });

  it('a cross-town mentor consults the mentee\'s town\'s 人事: each in their own town; the coordinator running it sees nothing', async () => {
    const res = await c.call(c.staffB1, 'POST', M(q2, '/consultations'), body({ kind: 'hr', subject: '配属の相談' }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.participants.map((p: { id: string; municipalityName: string }) => [p.id, p.municipalityName]))
      .toEqual([[c.staffB1.id, '三春町'], [c.adminA.id, '郡山市']]);
    const hr = await c.call(c.adminA, 'GET', C(res.body.id));
    expect(hr.status).toBe(200);
    expect(hr.body.mentee).toMatchObject({ id: c.newHireA2.id, municipalityName: '郡山市' });
    expect((await c.call(c.adminA, 'POST', C(res.body.id, '/messages'), { body: '確認します' })).status).toBe(201);
    const [ev] = await outbox('mentoring.consultation_message', res.body.id);
    expect(ev).toMatchObject({ municipality_id: c.townA.id, payload: { recipientIds: [c.staffB1.id] } });
    for (const who of [c.coordinator, c.newHireA2, c.managerA, c.adminB]) {
      expect((await c.call(who, 'GET', C(res.body.id))).status, who.name).toBe(404);
    }
  });
});

describe('review fixes', () => {
  it('a former mentor of an ended pair is told 409 pair_ended for the contacts, as for opening one', async () => {
    const pair = (await insertPair(t.db.owner, { regionId: c.region.id, programmeId: progAId, matchedBy: c.adminA, mentor: c.staffA2, mentee: c.newHireA3 })).id;
    expect((await c.call(c.staffA2, 'GET', M(pair, '/consult-contacts'))).status).toBe(200);
    await t.db.owner`update mentorships set status = 'ended', end_reason = 'rematch', ended_at = now() where id = ${pair}`;
    const res = await c.call(c.staffA2, 'GET', M(pair, '/consult-contacts'));
    expect(res.status).toBe(409);
    expect(res.body.error.fields).toEqual({ mentorship: 'ペア: このペアは終了しています' });
    expect(JSON.stringify(res.body)).not.toContain(c.managerA.name);
    expect((await c.call(c.staffA2, 'POST', M(pair, '/consultations'), body())).status).toBe(409);
  });

  it('reading the contacts takes no row lock: it answers while another transaction holds the pair FOR UPDATE', async () => {
    const o = t.db.owner;
    // Sessions of our database waiting for a lock (other test files run their own databases on the same server).
    const waiting = async () => (await o`
      select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)[0]!.n;
    await o.begin(async (tx) => {
      await tx`select id from mentorships where id = ${q1} for update`;
      let stop = false;
      const blocked = (async () => {
        while (!stop) {
          if ((await waiting()) > 0) return 'blocked';
          await new Promise((r) => setTimeout(r, 10));
        }
        return 'stopped';
      })();
      const read = c.call(c.staffA1, 'GET', M(q1, '/consult-contacts')).then((r) => `answered ${r.status}`);
      const outcome = await Promise.race([read, blocked]);
      stop = true;
      expect(outcome).toBe('answered 200');
    });
  });

  it('a message\'s idempotency key is the author\'s within one consultation: the same key elsewhere is another message', async () => {
    const a = await c.call(c.staffB1, 'POST', M(q2, '/consultations'), body({ kind: 'manager', subject: '一つ目' }));
    const b = await c.call(c.staffB1, 'POST', M(q2, '/consultations'), body({ kind: 'hr', subject: '二つ目' }));
    expect([a.status, b.status], JSON.stringify([a.body, b.body])).toEqual([201, 201]);
    const one = await c.call(c.staffB1, 'POST', C(a.body.id, '/messages'), { body: '追記です', idempotencyKey: 'same-key-0001' });
    expect(one.status).toBe(201);
    const two = await c.call(c.staffB1, 'POST', C(b.body.id, '/messages'), { body: '別の相談への追記', idempotencyKey: 'same-key-0001' });
    expect(two.status, JSON.stringify(two.body)).toBe(201);
    expect(two.body.messages.map((m: { body: string }) => m.body)).toContain('別の相談への追記');
    // The same key again in either one: that one's first message stands, nothing added.
    const again = await c.call(c.staffB1, 'POST', C(b.body.id, '/messages'), { body: '別の相談への追記', idempotencyKey: 'same-key-0001' });
    expect(again.status).toBe(200);
    expect(again.body.messageCount).toBe(2);
    expect((await c.call(c.staffB1, 'GET', C(a.body.id))).body.messageCount).toBe(2);
  });
});
