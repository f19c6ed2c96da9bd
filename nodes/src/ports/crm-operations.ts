import { z } from 'zod';
import type { AnyOperation } from '../connectors/sdk/define-connector.js';
import { ContactInputSchema, ContactSchema } from './canonical.js';
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
