import { z } from 'zod';
import { err, ok } from '../core/result.ts';
import { topics } from '../protocol/topics.ts';
import type { Route } from '../route/model.ts';
import { caseStates, checkContent, editableContentKinds, triageStates, type OfficeActions, type ShippedContent } from './actions.ts';
import type { OfficeAuth, Session } from './auth.ts';
import type { OfficeProjector } from './projection.ts';
import { caseSorts, dueStatuses, type OfficeQueries } from './queries.ts';
import { caseHistory } from './case-history.ts';
import { withApplied } from './content/applied.ts';
import type { OfficeStore } from './store.ts';
import { todayCounts } from './today.ts';
import type { Clock } from '../core/clock.ts';
import type { OfficeMapConfig } from './map/tiles.ts';
import type { LiveTracks } from './map/track.ts';
import { busOnMap, lastContact, mapRoute } from './map/view.ts';

export interface OfficeApiDeps {
  store: OfficeStore;
  queries: OfficeQueries;
  projector: OfficeProjector;
  actions: OfficeActions;
  auth: OfficeAuth;
  route: Route | null;
  /** Item id → name, for the pages' labels. */
  itemNames: Record<string, string>;
  shipped: ShippedContent;
  /** The basemap, when one is configured. */
  map?: OfficeMapConfig;
  /** Each bus's live track today. */
  tracks: LiveTracks;
  /** Each bus's events not yet at the office, as its last online status said (retained, so known again after a restart). */
  unsent: Map<string, { count: number; at: string }>;
  clock: Clock;
  /** Said on every page (the demo explains its simulated clock). */
  notice?: string;
}

/** A live fix farther than this from the line is not drawn on the loop (off route, or a bad fix). */
const liveOffLoopMetres = 100;
/** Quarantined messages the fleet page lists. */
const quarantineShown = 100;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const busId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/);
const range = z.strictObject({ from: day, to: day, busId: busId.optional() });
const reveal = z.boolean().optional();

const inputs = {
  events: z.strictObject({ busId: z.string().max(32).optional(), kind: z.string().max(32).optional(), limit: z.number().int().min(1).max(1000).optional() }).optional(),
  range,
  cases: z
    .strictObject({
      state: z.enum(caseStates).optional(),
      due: z.enum(dueStatuses).optional(),
      busId: busId.optional(),
      itemId: z.string().max(64).optional(),
      search: z.string().max(40).optional(),
      sort: z.enum(caseSorts).optional(),
      reveal,
    })
    .optional(),
  caseHistory: z.strictObject({ caseId: z.string().min(1).max(64) }),
  caseUpdate: z.strictObject({ caseId: z.string().min(1).max(64), state: z.enum(caseStates), replyText: z.string().max(1000).optional() }),
  comments: range.extend({ category: z.string().max(32).optional(), triage: z.enum(triageStates).optional(), reveal }),
  triage: z.strictObject({
    commentId: z.string().min(1).max(64),
    triage: z.enum(triageStates),
    assignee: z.string().max(40).optional(),
    replyText: z.string().max(1000).optional(),
  }),
  agenda: z.strictObject({ meetingDay: day }),
  followUp: z.strictObject({ ratingId: z.string().min(1).max(64), note: z.string().min(1).max(500) }),
  content: z.strictObject({ kind: z.enum(editableContentKinds).optional() }).optional(),
  check: z.strictObject({ kind: z.enum(editableContentKinds), body: z.unknown() }),
  publish: z.strictObject({ kind: z.enum(editableContentKinds), target: z.union([z.literal('fleet'), z.strictObject({ busId })]), body: z.unknown() }),
};

function parse<S extends z.ZodType>(schema: S, input: unknown) {
  const parsed = schema.safeParse(input);
  return parsed.success ? ok(parsed.data as z.output<S>) : err('bad-input', parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; '));
}

/**
 * The office API for one signed-in staff member: what the office pages read and change. Reads
 * first bring the projections up to date; personal data is masked unless asked for and allowed.
 */
export function buildOfficeApi(deps: OfficeApiDeps, session: Session) {
  const { store, queries, projector, actions, auth } = deps;
  const caller = session.user;
  /** Pages are served from what is projected even when bringing it up to date fails (logged). */
  const fresh = () => projector.catchUpLogged();
  /** A page read: the input checked, the projections brought up to date, then the query. */
  const read = async <S extends z.ZodType, T>(schema: S, input: unknown, query: (value: z.output<S>) => T) => {
    const p = parse(schema, input);
    if (!p.ok) return p;
    await fresh();
    return ok(query(p.value));
  };
  const mayReveal = (wanted: boolean | undefined, what: string) => {
    const granted = wanted === true && caller.canUnmask;
    if (granted) auth.audit(caller.username, 'reveal-personal-data', what, {});
    return granted;
  };
  return {
    /** A sentence every page shows at the top, or null. */
    async officeNotice() {
      return deps.notice ?? null;
    },
    async officeMe() {
      return { ...caller, csrf: session.csrf };
    },
    async officeBuses() {
      return store.ledger.buses();
    },
    async officeEvents(input: z.input<typeof inputs.events>) {
      const p = parse(inputs.events, input);
      return p.ok ? ok(await store.ledger.events(p.value ?? {})) : p;
    },
    /** What the receiver set aside (malformed, mismatched, conflicting, or seqs lost to a restore), newest first. */
    async officeQuarantine() {
      const [messages, rejected, dropped] = await Promise.all([
        store.ledger.quarantined(quarantineShown),
        store.ledger.rejectedEvents(quarantineShown),
        store.ledger.quarantineDropped(),
      ]);
      const events = rejected.map((r) => ({
        busId: r.busId,
        topic: topics.up(r.busId, r.kind),
        reason: `seq ${r.seq} stored, not projected: ${r.reason}`,
        receivedAt: r.receivedAt,
      }));
      const listed = [...events, ...messages].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).slice(0, quarantineShown);
      return { messages: listed, dropped };
    },
    async officeRoute() {
      const route = deps.route;
      return {
        length: route?.length ?? null,
        places: route ? [...route.stops, ...route.nodes].sort((a, b) => a.distance - b.distance).map((p) => ({ id: p.id, kind: p.kind, name: p.name, distance: p.distance })) : [],
        itemNames: deps.itemNames,
      };
    },
    async officeFleet() {
      await fresh();
      const route = deps.route;
      // A live fix near the loop places the bus on the diagram more recently than its last trip event.
      return (await queries.fleet()).map((bus) => {
        const onLoop = bus.live && route ? route.line.project(bus.live.lon, bus.live.lat) : null;
        return { ...bus, unsent: deps.unsent.get(bus.busId) ?? null, lastContact: lastContact(bus), liveDistance: onLoop && Math.abs(onLoop.offset) <= liveOffLoopMetres ? onLoop.distance : null };
      });
    },
    /** 今日: what ran today and what waits for staff, each a count the page links to. */
    async officeToday() {
      await fresh();
      return todayCounts(store.db, store.ledger, queries.today());
    },
    /** The map: route, places and basemap in the basemap's datum, and every bus where it is now with its track today. */
    async officeMap() {
      await fresh();
      const route = deps.route;
      if (!route) return { route: null, buses: [] };
      const datum = deps.map?.datum ?? 'wgs84';
      const today = queries.today();
      const now = deps.clock.now();
      const buses = (await queries.fleet()).map((bus) => busOnMap(bus, route, deps.tracks.today(bus.busId, today), datum, now));
      return { route: mapRoute(route, deps.map), buses };
    },
    async officeRidership(input: z.input<typeof inputs.range>) {
      return read(inputs.range, input, (range) => queries.ridership(range));
    },
    async officeDesk(input: z.input<typeof inputs.range>) {
      return read(inputs.range, input, (range) => queries.desk(range));
    },
    async officeCases(input: z.input<typeof inputs.cases>) {
      return read(inputs.cases, input, (filter) => ({ today: queries.today(), cases: queries.cases({ ...filter, reveal: mayReveal(filter?.reveal, 'cases') }) }));
    },
    /** A case's bus steps and office actions, oldest first. */
    async officeCaseHistory(input: z.input<typeof inputs.caseHistory>) {
      const p = parse(inputs.caseHistory, input);
      if (!p.ok) return p;
      await fresh();
      const history = caseHistory(store.db, p.value.caseId);
      return history ? ok(history) : err('unknown-case', `no case ${p.value.caseId}`);
    },
    async officeCaseUpdate(input: z.input<typeof inputs.caseUpdate>) {
      const p = parse(inputs.caseUpdate, input);
      return p.ok ? actions.updateCase(caller, p.value) : p;
    },
    async officeComments(input: z.input<typeof inputs.comments>) {
      return read(inputs.comments, input, (filter) => queries.comments({ ...filter, reveal: mayReveal(filter.reveal, 'comments') }));
    },
    async officeCommentTriage(input: z.input<typeof inputs.triage>) {
      const p = parse(inputs.triage, input);
      return p.ok ? actions.triageComment(caller, p.value) : p;
    },
    async officeAgenda(input: z.input<typeof inputs.agenda>) {
      return read(inputs.agenda, input, ({ meetingDay }) => queries.agenda(meetingDay));
    },
    async officeRatings(input: z.input<typeof inputs.range>) {
      return read(inputs.range, input, (range) => queries.ratings(range));
    },
    async officeRatingFollowUp(input: z.input<typeof inputs.followUp>) {
      const p = parse(inputs.followUp, input);
      return p.ok ? actions.followUpRating(caller, p.value) : p;
    },
    /** Published versions, newest first, and what the software shipped with (the first edit's starting point). */
    async officeContent(input: z.input<typeof inputs.content>) {
      const p = parse(inputs.content, input);
      if (!p.ok) return p;
      const kind = p.value?.kind;
      await fresh();
      const buses = (await store.ledger.buses()).map((b) => b.busId);
      return ok({ versions: withApplied(store.db, queries.contentVersions(kind), buses), shipped: kind ? (deps.shipped[kind] ?? null) : null });
    },
    /** A draft checked as publishing would, nothing stored or sent: the forms' check before a change joins the draft. */
    async officeContentCheck(input: z.input<typeof inputs.check>) {
      const p = parse(inputs.check, input);
      if (!p.ok) return p;
      const checked = checkContent(p.value.kind, p.value.body);
      return checked.ok ? ok(null) : checked;
    },
    async officeContentPublish(input: z.input<typeof inputs.publish>) {
      const p = parse(inputs.publish, input);
      return p.ok ? actions.publishContent(caller, p.value) : p;
    },
    async officeAudit() {
      return auth.auditLog();
    },
  };
}

export type OfficeApi = ReturnType<typeof buildOfficeApi>;
