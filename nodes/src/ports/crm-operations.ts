import { z } from 'zod';
import type { AnyOperation, AnyTrigger } from '../connectors/sdk/define-connector.js';
import type { ConnectorHttp } from '../connectors/sdk/http.js';
import { ContactInputSchema, ContactSchema, type Contact } from './canonical.js';
import type { CrmPort } from './ports.js';

/**
 * The contact operations of a CRM connector (get, create, update, upsert by email) as nodes that
 * call its CRM port, so a CRM connector writes each once: in the port. `notes` adds what the vendor
 * does differently to an operation's description.
 */
export function contactOperations<C>(
  vendor: string,
  port: Pick<CrmPort<C>, 'getContact' | 'createContact' | 'updateContact' | 'upsertContact'>,
  notes: Partial<Record<'create' | 'update' | 'upsert', string>> = {},
): AnyOperation[] {
  const ctx = (c: { http: unknown; credentials: unknown }) =>
    c as Parameters<typeof port.getContact>[0];
  const described = (text: string, note: string | undefined) => (note ? `${text} ${note}` : text);
  const ops: AnyOperation[] = [
    {
      id: 'get_contact',
      title: 'Get contact',
      description: `One contact by its ${vendor} id.`,
      params: z.object({ id: z.string().min(1) }),
      output: ContactSchema,
      run: (c) => port.getContact(ctx(c), (c.params as { id: string }).id),
    },
    {
      id: 'create_contact',
      title: 'Create contact',
      description: described('Creates a contact.', notes.create),
      params: ContactInputSchema,
      output: ContactSchema,
      run: (c) => port.createContact(ctx(c), c.params as z.output<typeof ContactInputSchema>),
    },
    {
      id: 'update_contact',
      title: 'Update contact',
      description: described('Sets the given fields of a contact.', notes.update),
      params: ContactInputSchema.extend({ id: z.string().min(1) }),
      output: ContactSchema,
      run: (c) => {
        const { id, ...input } = c.params as z.output<typeof ContactInputSchema> & { id: string };
        return port.updateContact(ctx(c), id, input);
      },
    },
    {
      id: 'upsert_contact',
      title: 'Create or update contact',
      description: described(
        'Finds the contact by email and updates it, or creates it.',
        notes.upsert,
      ),
      params: ContactInputSchema,
      output: z.object({ created: z.boolean(), record: ContactSchema }),
      run: (c) => port.upsertContact(ctx(c), c.params as z.output<typeof ContactInputSchema>),
    },
  ];
  return ops;
}

/**
 * A CRM connector's "new contact" polling trigger over a vendor search for contacts created at or
 * after a time. The cursor is that time in ms since the epoch: the first poll sets it to now and
 * returns no backlog; each later poll moves it to the last contact's creation time. `search` returns
 * the oldest first. "At or after" rather than "after" keeps contacts created in the same
 * millisecond as the last one; the ones already seen are dropped by id.
 */
export function newContactTrigger<R>(spec: {
  description: string;
  search(http: ConnectorHttp, sinceMs: number): Promise<R[]>;
  createdAt(record: R): string | undefined;
  toContact(record: R): Contact;
}): AnyTrigger {
  return {
    kind: 'polling',
    id: 'new_contact',
    title: 'New contact',
    description: spec.description,
    params: z.object({}),
    output: ContactSchema,
    intervalMs: 60_000,
    async poll({ http, cursor }) {
      if (cursor === undefined) return { items: [], cursor: String(Date.now()) };
      const records = await spec.search(http, Number(cursor));
      const last = records.at(-1);
      const created = last === undefined ? undefined : spec.createdAt(last);
      return {
        items: records.map(spec.toContact),
        cursor: created ? String(Date.parse(created)) : cursor,
      };
    },
    itemId: (contact) => (contact as Contact).id,
  };
}
