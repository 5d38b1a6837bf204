import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, newMunicipality, newRegion, newUser, type TestDatabase } from '../src/testing/index';

/** 新任係長 (mentoring's 'chief_in_year' rule): a changed position is held since today unless someone says otherwise. */
let db: TestDatabase;
beforeAll(async () => { db = await createTestDatabase(); });
afterAll(async () => { await db?.drop(); });

const todayJst = () => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);

describe('users.position_since', () => {
  it('follows a change of position, keeps a date given with it, and ignores other changes', async () => {
    const o = db.owner;
    const town = await newMunicipality(o, (await newRegion(o)).id);
    const u = await newUser(o, town.id);
    const since = async () => ((await o`select to_char(position_since, 'YYYY-MM-DD') as d from users where id = ${u.id}`)[0]!.d as string | null);
    expect(await since()).toBeNull();
    await o`update users set position = '係長' where id = ${u.id}`;
    expect(await since()).toBe(todayJst());
    await o`update users set position = '課長補佐', position_since = '2025-10-01' where id = ${u.id}`;
    expect(await since()).toBe('2025-10-01');
    await o`update users set name = '改名', position = '課長補佐' where id = ${u.id}`;
    expect(await since(), 'the same position again').toBe('2025-10-01');
    await o`update users set position = null where id = ${u.id}`;
    expect(await since()).toBeNull();
  });
});
