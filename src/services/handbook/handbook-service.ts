import type Database from 'better-sqlite3';
import type { Clock } from '../../core/clock.ts';
import { ok, type Result } from '../../core/result.ts';
import type { Store } from '../../store/store.ts';
import { saveContent, storedContentVersion } from '../content-versions.ts';
import { handbookContentKind, loadShippedHandbook, parseHandbook, type Article } from './articles.ts';

export interface ArticleSummary {
  id: string;
  title: { zh: string; en: string };
  tags: string[];
}

export interface SearchHit extends ArticleSummary {
  /** Text around the first match in the Chinese body. */
  snippet: string;
}

export interface SearchResult {
  /** `index`: trigram full-text index (every term ≥ 3 characters); `scan`: LIKE over the articles. */
  method: 'index' | 'scan';
  hits: SearchHit[];
}

interface ArticleRow {
  rowid: number;
  id: string;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string | null;
  tags: string;
}

/** Trigrams need three characters; shorter terms ("养老", "医保") are matched by a LIKE scan. */
const minIndexedTermLength = 3;
const maxQueryLength = 50;

/**
 * The policy handbook: articles in SQLite, searched through an FTS5 trigram index so that any
 * Chinese substring of three or more characters is found without word segmentation.
 */
export class PolicyHandbook {
  private readonly db: Database.Database;

  constructor(private readonly options: { store: Store; clock: Clock; shippedPath?: string }) {
    this.db = options.store.db;
    // A newer handbook shipped with a software update replaces an older one from the office.
    const shipped = loadShippedHandbook(options.shippedPath);
    this.apply(shipped.version, shipped.handbook);
  }

  version(): number | null {
    return storedContentVersion(this.db, handbookContentKind);
  }

  /** Validates and replaces every article atomically, only if `version` is newer than the stored one. */
  apply(version: number, json: unknown): Result<{ applied: boolean; version: number }, 'handbook-invalid'> {
    const parsed = parseHandbook(json);
    if (!parsed.ok) return parsed;
    return ok(
      this.options.store.withTransaction(() => {
        const current = this.version();
        if (current !== null && version <= current) return { applied: false, version: current };
        this.replaceArticles(parsed.value.articles);
        saveContent(this.db, handbookContentKind, version, { ...parsed.value, version }, this.options.clock.now().toISOString());
        return { applied: true, version };
      }),
    );
  }

  /** Replaces the articles and their index; call inside a transaction (the downlink's or apply's). */
  replaceArticles(articles: readonly Article[]): void {
    const now = this.options.clock.now().toISOString();
    this.db.exec('DELETE FROM handbook_article; DELETE FROM handbook_fts;');
    const insert = this.db.prepare(
      'INSERT INTO handbook_article (id, title_zh, title_en, body_zh, body_en, tags, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const index = this.db.prepare('INSERT INTO handbook_fts (rowid, title_zh, title_en, body, tags) VALUES (?, ?, ?, ?, ?)');
    for (const a of articles) {
      const { lastInsertRowid } = insert.run(a.id, a.title.zh, a.title.en, a.body.zh, a.body.en ?? null, JSON.stringify(a.tags), now);
      index.run(lastInsertRowid, a.title.zh, a.title.en, [a.body.zh, a.body.en ?? ''].join('\n'), a.tags.join(' '));
    }
  }

  list(): ArticleSummary[] {
    return (this.db.prepare('SELECT * FROM handbook_article ORDER BY rowid').all() as ArticleRow[]).map(summary);
  }

  article(id: string): (ArticleSummary & { body: { zh: string; en: string | null } }) | null {
    const row = this.db.prepare('SELECT * FROM handbook_article WHERE id = ?').get(id) as ArticleRow | undefined;
    return row ? { ...summary(row), body: { zh: row.body_zh, en: row.body_en } } : null;
  }

  /** Every whitespace-separated term must occur (AND); best matches first. */
  search(query: string, limit = 20): SearchResult {
    const terms = query.normalize('NFKC').trim().slice(0, maxQueryLength).split(/\s+/).filter(Boolean);
    if (terms.length === 0) return { method: 'scan', hits: [] };
    const indexed = terms.every((t) => [...t].length >= minIndexedTermLength);
    const rows = indexed ? this.indexSearch(terms, limit) : this.scanSearch(terms, limit);
    return { method: indexed ? 'index' : 'scan', hits: rows.map((row) => ({ ...summary(row), snippet: snippet(row.body_zh, terms) })) };
  }

  private indexSearch(terms: string[], limit: number): ArticleRow[] {
    // Each term as a quoted phrase: the user's quotes and operators are text, never FTS syntax.
    const match = terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' ');
    return this.db
      .prepare(
        `SELECT a.* FROM handbook_fts JOIN handbook_article a ON a.rowid = handbook_fts.rowid
         WHERE handbook_fts MATCH ? ORDER BY bm25(handbook_fts, 8.0, 4.0, 1.0, 4.0) LIMIT ?`,
      )
      .all(match, limit) as ArticleRow[];
  }

  private scanSearch(terms: string[], limit: number): ArticleRow[] {
    const likes = terms.map((t) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const anyColumn = "(title_zh LIKE ? ESCAPE '\\' OR title_en LIKE ? ESCAPE '\\' OR body_zh LIKE ? ESCAPE '\\' OR body_en LIKE ? ESCAPE '\\' OR tags LIKE ? ESCAPE '\\')";
    const where = terms.map(() => anyColumn).join(' AND ');
    const inTitle = terms.map(() => "(title_zh LIKE ? ESCAPE '\\' OR tags LIKE ? ESCAPE '\\')").join(' + ');
    return this.db
      .prepare(`SELECT * FROM handbook_article WHERE ${where} ORDER BY ${inTitle} DESC, rowid LIMIT ?`)
      .all(...likes.flatMap((l) => [l, l, l, l, l]), ...likes.flatMap((l) => [l, l]), limit) as ArticleRow[];
  }
}

function summary(row: ArticleRow): ArticleSummary {
  return { id: row.id, title: { zh: row.title_zh, en: row.title_en }, tags: JSON.parse(row.tags) as string[] };
}

/** About 60 characters of the body around the first term found (or its start). */
function snippet(body: string, terms: string[]): string {
  const lower = body.toLowerCase();
  const at = Math.max(0, Math.min(...terms.map((t) => lower.indexOf(t.toLowerCase())).map((i) => (i < 0 ? Infinity : i))));
  const from = Number.isFinite(at) ? Math.max(0, at - 20) : 0;
  const text = body.slice(from, from + 60).replace(/\s+/g, ' ');
  return `${from > 0 ? '…' : ''}${text}${from + 60 < body.length ? '…' : ''}`;
}
