import { communityDigestWords, postKindLabels, type JobPayload, type Locale } from '@yui/contracts';
import { todayInJapan } from '@yui/domain';
import { claimDigestRun, listDigestPosts, listDigestRecipients, type DigestPost, type DigestRecipient } from '@yui/db/queries/community-jobs';
import { getRegionPeople, type RegionPerson } from '@yui/db/queries/region-people';
import type { OutgoingMail } from '../../mail';
import { JobProcessor, type JobContext } from '../base';
import { absoluteLink, mailText } from '../outbox/deliver';

/** People looked at per query; each is then handled in its own transaction. */
const BATCH = 200;
/** Posts listed in one mail; the rest are counted. */
export const DIGEST_MAX_POSTS = 20;
/** How far back a digest looks at most (also when someone's previous digest is older). */
const WINDOW_MS = 24 * 3_600_000;

export interface CommunityDigestResult {
  date: string;
  sent: number;
  /** Nothing new for them. */
  empty: number;
  /** Already had today's digest (another run or worker got there first). */
  skipped: number;
  failed: number;
}

type Outcome = 'sent' | 'empty' | 'skipped';

/**
 * community.digest: the daily mail of one town's staff (issue 4, item 9). Everyone of the town who
 * chose 「1日1回まとめて」 in at least one community gets one mail listing the posts there since their
 * previous digest (24 hours back at most): not deleted, not hidden, not their own. Nothing new → no
 * mail. In the job's tenant, without a person: RLS shows the invite-only communities the town's
 * staff belong to, so their posts reach their members' digest and nobody else's.
 *
 * One transaction per person: list the posts, claim (user, Japan date) in community_digest_runs —
 * ON CONFLICT DO NOTHING, before the mail — send, commit. A second run the same day, or a second
 * worker, claims nothing and sends nothing; a failed mail rolls the claim back for the retry.
 */
export class SendCommunityDigest extends JobProcessor<'community.digest', CommunityDigestResult> {
  readonly name = 'community.digest' as const;

  protected async handle({ tenantId }: JobPayload<'community.digest'>, ctx: JobContext): Promise<CommunityDigestResult> {
    const now = this.deps.now?.() ?? new Date();
    const date = todayInJapan(now);
    const { regionId } = ctx.tenant;
    const result: CommunityDigestResult = { date, sent: 0, empty: 0, skipped: 0, failed: 0 };

    let afterId: string | undefined;
    for (;;) {
      const people = await ctx.inTenant((tx) => listDigestRecipients(tx, { tenantId, regionId, date, afterId, limit: BATCH }));
      for (const person of people) {
        try {
          result[await this.digestFor(ctx, person, { date, now })]++;
        } catch (err) {
          result.failed++;
          ctx.log.error({ userId: person.id, err: (err as Error).message }, 'community digest failed');
        }
      }
      if (people.length < BATCH) break;
      afterId = people[people.length - 1]!.id;
    }

    ctx.log.info(result, 'community digest');
    // Every digest that went out is claimed; a retry sends only the ones that failed.
    if (result.failed) throw new Error(`community digest: ${result.failed} failed (see the log); the rest went out`);
    return result;
  }

  private digestFor(ctx: JobContext, person: DigestRecipient, { date, now }: { date: string; now: Date }): Promise<Outcome> {
    const { tenantId, regionId } = ctx.tenant;
    const windowStart = now.getTime() - WINDOW_MS;
    const last = person.lastSentAt ? Date.parse(person.lastSentAt) : Number.NEGATIVE_INFINITY;
    const since = new Date(Math.max(windowStart, last)).toISOString();
    const until = now.toISOString();
    return ctx.inTenant(async (tx) => {
      const { total, posts } = await listDigestPosts(tx, { tenantId, regionId, userId: person.id, since, until, limit: DIGEST_MAX_POSTS });
      if (total === 0) return 'empty';
      if (!(await claimDigestRun(tx, { tenantId, userId: person.id, date, postCount: total, sentAt: until }))) return 'skipped';
      const authors = await getRegionPeople(tx, posts.filter((p) => !p.anonymous).map((p) => p.authorId));
      await this.deps.mailer.send(composeDigestMail({ person, date, total, posts, authors }, this.deps.publicUrl));
      return 'sent';
    });
  }
}

/**
 * The digest in its reader's language: posts grouped by community (communities in the order of
 * their newest post), each with its title (or the start of its text), who wrote it and its link.
 */
export function composeDigestMail(
  d: { person: Pick<DigestRecipient, 'id' | 'name' | 'email' | 'locale'>; date: string; total: number; posts: DigestPost[]; authors: Map<string, RegionPerson> },
  publicUrl: string,
): OutgoingMail {
  const lang: Locale = d.person.locale === 'en' ? 'en' : 'ja';
  const w = communityDigestWords[lang];
  const t = mailText[lang];
  const byCommunity = new Map<string, { name: string; posts: DigestPost[] }>();
  for (const p of d.posts) {
    const c = byCommunity.get(p.communityId) ?? { name: p.communityName, posts: [] };
    c.posts.push(p);
    byCommunity.set(p.communityId, c);
  }
  const lines = [t.greeting(d.person.name), '', w.intro(d.total), ''];
  for (const c of byCommunity.values()) {
    lines.push(`■ ${oneLine(c.name)}`);
    for (const p of c.posts) {
      const by = authorOf(p, d.authors, lang);
      lines.push(lang === 'ja' ? `・${headline(p, lang)}（${by}）` : `- ${headline(p, lang)} (${by})`);
      lines.push(`  ${absoluteLink(`/communities/posts/${p.id}`, publicUrl)}`);
    }
    lines.push('');
  }
  if (d.total > d.posts.length) lines.push(w.more(d.total - d.posts.length), '');
  lines.push(`${w.settings}: ${absoluteLink('/communities', publicUrl)}`, '', '--', t.footer, '');
  return {
    to: { email: d.person.email, name: d.person.name },
    subject: w.subject(d.total, d.date),
    text: lines.join('\n'),
    // No notification behind a digest: the header names the digest (person and day) instead.
    notificationId: `community-digest:${d.date}:${d.person.id}`,
  };
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const clip = (s: string, max = 80) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function headline(p: DigestPost, lang: Locale): string {
  const text = oneLine(p.title ?? '') || oneLine(p.excerpt);
  const kind = p.kind !== 'post' ? postKindLabels[p.kind]?.[lang] : undefined;
  const label = text ? clip(text) : communityDigestWords[lang].untitled;
  return kind ? `[${kind}] ${label}` : label;
}

function authorOf(p: DigestPost, authors: Map<string, RegionPerson>, lang: Locale): string {
  if (p.anonymous) return communityDigestWords[lang].anonymous;
  const a = authors.get(p.authorId);
  if (!a) return communityDigestWords[lang].anonymous;
  return lang === 'ja' ? `${a.name}・${a.municipalityName}` : `${a.name}, ${a.municipalityName}`;
}
