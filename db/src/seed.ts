import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { hash } from '@node-rs/argon2';
import {
  DEMO_DOMAIN, DEMO_PASSWORD, demoRegion, demoTowns, familyNames, givenNames, positions, type DeptSeed,
} from './demo-data';
import { seedDemoCommunities } from './demo-communities';
import { seedDemoHelp } from './demo-help';
import { seedDemoMentoring } from './demo-mentoring';
import { demoFileStorage, seedDemoAttractions } from './demo-attractions';
import { LocalStorage, type FileStorage } from '@yui/storage';

type Tx = postgres.TransactionSql;

export const ARGON2_OPTIONS = { algorithm: 2 /* argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export interface DemoAccount {
  email: string;
  town: string;
  role: string;
}

async function insertDepartments(tx: Tx, municipalityId: string, seeds: DeptSeed[], parentId: string | null, out: Map<string, string>) {
  let order = 0;
  for (const d of seeds) {
    const [row] = await tx`
      insert into departments (municipality_id, parent_id, kind, name, name_kana, code, emergency_duties, sort_order)
      values (${municipalityId}, ${parentId}, ${d.kind}, ${d.name}, ${d.nameKana}, ${d.key}, ${d.emergencyDuties ?? null}, ${order++})
      returning id`;
    out.set(d.key, row!.id);
    if (d.children) await insertDepartments(tx, municipalityId, d.children, row!.id, out);
  }
}

function sectionKeys(seeds: DeptSeed[]): string[] {
  return seeds.flatMap((d) => [...(d.kind === 'ka' ? [d.key] : []), ...sectionKeys(d.children ?? [])]);
}
function unitKeys(seeds: DeptSeed[]): string[] {
  return seeds.flatMap((d) => [...(d.kind === 'kakari' ? [d.key] : []), ...unitKeys(d.children ?? [])]);
}

export interface SeedOptions {
  staffPerTown?: number;
  /**
   * Where the pictures of the 地域の魅力 posts go: the storage the API and the worker read — a folder
   * (what they get as YUI_FILES_DIR) or a storage driver. By default the one the environment names for
   * them (YUI_FILES_DIR, else `.data/files` of the working directory — the repository root under
   * `npm start` —, or YUI_S3_*); null: posts without pictures.
   */
  files?: string | FileStorage | null;
}

/**
 * Fills an empty database with the demo region. Runs once: a database that already has the region
 * is left as it is (a second `npm start` keeps whatever people changed).
 */
export async function seedDemo(ownerUrl: string, { staffPerTown = 20, files }: SeedOptions = {}): Promise<{ seeded: boolean; accounts: DemoAccount[] }> {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  const accounts: DemoAccount[] = [];
  try {
    const existing = await sql`select id from regions where slug = ${demoRegion.slug}`;
    if (existing.length) return { seeded: false, accounts: listDemoAccounts() };
    const passwordHash = await hash(DEMO_PASSWORD, ARGON2_OPTIONS);

    await sql.begin(async (tx) => {
      const [region] = await tx`
        insert into regions (slug, name, name_kana) values (${demoRegion.slug}, ${demoRegion.name}, ${demoRegion.nameKana}) returning id`;
      for (const [ti, town] of demoTowns.entries()) {
        const [m] = await tx`
          insert into municipalities (region_id, code, slug, name, name_kana)
          values (${region!.id}, ${town.code}, ${town.slug}, ${town.name}, ${town.nameKana}) returning id`;
        const mid: string = m!.id;
        const depts = new Map<string, string>();
        await insertDepartments(tx, mid, town.departments, null, depts);

        const addUser = async (u: {
          email: string; name: string; kana: string; position: string; dept: string; hireYear: number; weeklyMinutes?: number;
        }) => {
          const [row] = await tx`
            insert into users (municipality_id, department_id, email, name, name_kana, position, hire_date, weekly_minutes, password_hash)
            values (${mid}, ${depts.get(u.dept)!}, ${u.email}, ${u.name}, ${u.kana}, ${u.position},
                    ${`${u.hireYear}-04-01`}, ${u.weeklyMinutes ?? 2325}, ${passwordHash})
            returning id`;
          await tx`insert into role_grants (municipality_id, user_id, role) values (${mid}, ${row!.id}, 'staff')`;
          return row!.id as string;
        };
        const grant = (userId: string, role: string, dept: string | null = null, regionId: string | null = null) =>
          tx`insert into role_grants (municipality_id, user_id, role, department_id, region_id)
             values (${mid}, ${userId}, ${role}, ${dept ? depts.get(dept)! : null}, ${regionId})`;

        let n = 0;
        const nextName = () => {
          const f = familyNames[(ti * 7 + n * 5) % familyNames.length]!;
          const g = givenNames[(ti * 5 + n * 7) % givenNames.length]!;
          n++;
          return { name: `${f[0]} ${g[0]}`, kana: `${f[1]} ${g[1]}` };
        };
        const welcome: string[] = [];
        const fixed = async (local: string, position: string, dept: string, hireYear: number) => {
          const email = `${local}.${town.slug}@${DEMO_DOMAIN}`;
          const id = await addUser({ email, ...nextName(), position, dept, hireYear });
          accounts.push({ email, town: town.name, role: local });
          welcome.push(id);
          return id;
        };

        await fixed('staff', '主事', town.tourismKey, 2021);
        await fixed('staff2', '主任', town.tourismKey, 2017);
        const manager = await fixed('manager', '課長', town.tourismKey, 1999);
        await grant(manager, 'manager', town.tourismKey);
        const admin = await fixed('admin', '主査', town.adminKey, 2010);
        await grant(admin, 'municipality_admin');

        if (town.slug === 'koriyama') {
          const email = `coordinator@${DEMO_DOMAIN}`;
          const id = await addUser({ email, ...nextName(), position: '主幹', dept: 'koiki', hireYear: 2005 });
          await grant(id, 'regional_coordinator', null, region!.id);
          accounts.push({ email, town: town.name, role: 'coordinator' });
          welcome.push(id);
        }

        // Every other 課 gets its 課長 (manager); the rest are staff spread over 課 and 係.
        const sections = sectionKeys(town.departments).filter((k) => k !== town.tourismKey);
        const units = unitKeys(town.departments);
        const others = staffPerTown - 4 - (town.slug === 'koriyama' ? 1 : 0);
        for (let i = 0; i < others; i++) {
          const isManager = i < sections.length && i < others / 2;
          const dept = isManager ? sections[i]! : i % 2 ? units[i % units.length]! : sections[i % sections.length]!;
          const id = await addUser({
            email: `user${String(i + 1).padStart(3, '0')}.${town.slug}@${DEMO_DOMAIN}`,
            ...nextName(),
            position: isManager ? '課長' : positions[i % positions.length]!,
            dept,
            hireYear: isManager ? 1995 + (i % 8) : 2005 + ((i * 3) % 20),
            // 会計年度任用職員 on shorter weeks: 31 hours.
            weeklyMinutes: !isManager && i % 7 === 6 ? 31 * 60 : undefined,
          });
          if (isManager) await grant(id, 'manager', dept);
        }

        for (const userId of welcome) {
          await tx`insert into outbox_events (municipality_id, type, payload) values (${mid}, 'staff.welcomed', ${tx.json({ userId })})`;
        }
      }

      // 目的別コミュニティ: communities of the region with posts, comments and study sessions.
      await seedDemoCommunities(tx, region!.id);
      // 職場応援: department pages, calls for help with their 20% requests, talent, direct requests.
      await seedDemoHelp(tx, region!.id);
      // 職員サポート制度: hire dates and new hires, programmes in two towns and across towns, pairs in every state.
      await seedDemoMentoring(tx, region!.id);
      // 地域の魅力: posts of every town in every status, pictures, the publication log, views, collections, relays.
      const storage = files === undefined ? demoFileStorage() : typeof files === 'string' ? new LocalStorage(files) : files;
      await seedDemoAttractions(tx, region!.id, { files: storage });
    });
    await sql`analyze`;
    return { seeded: true, accounts };
  } finally {
    await sql.end();
  }
}

/** The fixed sign-ins, as the README lists them. */
export function listDemoAccounts(): DemoAccount[] {
  const out: DemoAccount[] = [];
  for (const t of demoTowns) {
    for (const role of ['staff', 'staff2', 'manager', 'admin']) out.push({ email: `${role}.${t.slug}@${DEMO_DOMAIN}`, town: t.name, role });
  }
  out.push({ email: `coordinator@${DEMO_DOMAIN}`, town: '郡山市', role: 'coordinator' });
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const r = await seedDemo(url);
  console.log(r.seeded ? `seeded ${r.accounts.length} demo sign-ins` : 'demo data already present');
}
