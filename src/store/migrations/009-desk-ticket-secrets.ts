import type { Migration } from '../migrate.ts';

/**
 * A resident's proof of holding a ticket (its secret, stored as a hash: cancel and rating need it)
 * and the lasting reference a handed-over case is found by on any later day.
 */
export const deskTicketSecrets: Migration = {
  name: 'desk ticket secret hash and case reference',
  up(db) {
    db.exec(`
      ALTER TABLE desk_ticket ADD COLUMN secret_hash TEXT;
      ALTER TABLE desk_ticket ADD COLUMN case_reference TEXT;
      CREATE UNIQUE INDEX desk_ticket_case_reference ON desk_ticket (case_reference) WHERE case_reference IS NOT NULL;
    `);
  },
};
