import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteLexeme, toTsqueryLiteral, toTsvectorLiteral } from '@yui/domain';
import { createTestDatabase, type TestDatabase } from '../src/testing/index';

/**
 * The search literals of @yui/domain (search.ts) as PostgreSQL reads them: both casts accept them
 * whatever the database's locale, and `@@` means what the domain's unit tests assume.
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function finds(doc: string | string[], query: string): Promise<boolean> {
  const q = toTsqueryLiteral(query);
  if (q === null) return false;
  const [row] = await db.owner`select ${toTsvectorLiteral(Array.isArray(doc) ? doc : [doc])}::tsvector @@ ${q}::tsquery as m`;
  return row!.m as boolean;
}

describe('search literals in PostgreSQL', () => {
  it('finds two-character words', async () => {
    expect(await finds('郡山市の観光スポット', '観光')).toBe(true);
    expect(await finds('育休を取った話', '育休')).toBe(true);
    expect(await finds('育休を取った話', '産休')).toBe(false);
  });

  it('finds part of a word, one character anywhere, and a Latin word by its start', async () => {
    expect(await finds('郡山市の観光スポット', '光ス')).toBe(true);
    expect(await finds('郡山市の観光スポット', 'ト')).toBe(true);
    expect(await finds('Excel講座を開きます', 'exc 講座')).toBe(true);
    expect(await finds('ＡＢＣ研修', 'abc')).toBe(true);
  });

  it('matches a phrase only as a substring, never across runs or parts', async () => {
    expect(await finds('観光協会の会長', '観光協会')).toBe(true);
    expect(await finds('観光の協会', '観光協会')).toBe(false);
    expect(await finds(['観光', '協会'], '観光協会')).toBe(false);
  });

  it('reads quotes and backslashes in queries and lexemes as text', async () => {
    expect(await finds("O'Brien さんの観光案内", "o'brien\\ 観光'")).toBe(true);
    const [row] = await db.owner`
      select array(select (unnest(${`${quoteLexeme("it's")} ${quoteLexeme('a\\b')}`}::tsvector)).lexeme order by 1) as lexemes,
             ${`${quoteLexeme("it's")}:*`}::tsquery::text as query`;
    expect(row!.lexemes).toEqual(['a\\b', "it's"]);
    expect(row!.query).toBe("'it''s':*");
  });

  it('accepts the empty tsvector and a document at the position limit', async () => {
    const [row] = await db.owner`
      select length(${toTsvectorLiteral([])}::tsvector) as empty,
             ${toTsvectorLiteral(['あ'.repeat(20_000), '観光'])}::tsvector @@ ${toTsqueryLiteral('ああ')!}::tsquery as long`;
    expect(row!.empty).toBe(0);
    expect(row!.long).toBe(true);
  });
});
