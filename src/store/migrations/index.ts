import type { Migration } from '../migrate.ts';
import { outboxAndTrip } from './001-outbox-and-trip.ts';
import { ridership } from './002-ridership.ts';
import { sync } from './003-sync.ts';
import { feedback } from './004-feedback.ts';
import { serviceDesk } from './005-service-desk.ts';
import { policyHandbook } from './006-policy-handbook.ts';
import { deskCaseReplies } from './007-desk-case-replies.ts';
import { dropOutboxPending } from './008-drop-outbox-pending.ts';
import { deskTicketSecrets } from './009-desk-ticket-secrets.ts';

/** The bus database's schema history. Append only: a version number is a position in this list. */
export const busMigrations: readonly Migration[] = [outboxAndTrip, ridership, sync, feedback, serviceDesk, policyHandbook, deskCaseReplies, dropOutboxPending, deskTicketSecrets];
