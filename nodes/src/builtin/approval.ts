import { z } from 'zod';
import { defineNode, ROLE_GROUPS, type ParamWidget } from '@bizosaas/shared';

const UNIT_MS = { ms: 1, seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** A length of time as the editor's form shows it: an amount and a unit. */
export const DurationSchema = z
  .object({
    amount: z.number().min(0).describe('How many units'),
    unit: z.enum(['ms', 'seconds', 'minutes', 'hours', 'days']).default('hours'),
  })
  .describe('A duration');
export type Duration = z.output<typeof DurationSchema>;

export function durationMs(duration: Duration): number {
  return Math.round(duration.amount * UNIT_MS[duration.unit]);
}

/** Roles whose members may decide approvals; the other roles never can. */
export const DECIDING_ROLES = ROLE_GROUPS.approvers;

/** Who a task goes to: users by id and/or every member holding one of the roles. */
export const AssigneesSchema = z
  .object({
    users: z
      .array(z.uuid())
      .default([])
      .meta({ description: 'Members, by user id', widget: 'members' satisfies ParamWidget }),
    roles: z
      .array(z.enum(DECIDING_ROLES))
      .default([])
      .describe('Every member of the tenant holding one of these roles'),
  })
  .describe('Who may decide');
export type Assignees = z.output<typeof AssigneesSchema>;

export const FORM_FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'boolean',
  'date',
  'select',
] as const;

/** A field the approver fills in; its value lands in the output's `form` under `name`. */
export const FormFieldSchema = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'letters, digits and _, not starting with a digit')
    .describe('Key in the output'),
  label: z.string().min(1).describe('What the approver reads'),
  type: z.enum(FORM_FIELD_TYPES).default('text'),
  required: z.boolean().default(false),
  /** For `select`: the values offered. */
  options: z.array(z.string()).default([]),
});
export type FormField = z.output<typeof FormFieldSchema>;

export const ApprovalParamsSchema = z.object({
  title: z.string().min(1).max(300).describe('What the approver is asked; may use {{ … }}'),
  description: z
    .string()
    .max(10_000)
    .default('')
    .describe('Context for the decision, shown in the inbox and the notification; may use {{ … }}'),
  details: z
    .record(z.string(), z.json())
    .default({})
    .describe('Labelled values shown with the task (e.g. "Discount": "{{ $trigger.discount }}")'),
  assignees: AssigneesSchema.default({ users: [], roles: ['approver'] }),
  approvals: z
    .object({
      required: z
        .enum(['any', 'all', 'count'])
        .default('any')
        .describe('Any one assignee, all of them, or a number of them'),
      count: z.int().min(1).default(1).describe('How many approvals, when required is "count"'),
    })
    .default({ required: 'any', count: 1 })
    .describe('How many approvals decide; one rejection rejects'),
  form: z.array(FormFieldSchema).max(50).default([]).describe('Fields the approver fills in'),
  dueAfter: DurationSchema.optional().describe('When a decision is due (see "When due")'),
  whenDue: z
    .enum(['timeout', 'stay_open'])
    .default('timeout')
    .describe(
      'Without a decision by the due time: close the task and take `timeout`, or keep it open and flag it overdue',
    ),
  reminders: z
    .array(DurationSchema)
    .max(10)
    .default([])
    .describe('Remind assignees who have not decided this long before the due time'),
  escalation: z
    .object({
      after: DurationSchema.describe('Time after the task opened'),
      assignees: AssigneesSchema,
    })
    .optional()
    .describe('Adds assignees (and notifies them) when the task is still open after a while'),
  notify: z
    .object({
      email: z.boolean().default(true).describe('Email each assignee'),
      slack: z
        .boolean()
        .default(true)
        .describe("Post to the workspace's Slack channel, when Settings name one"),
    })
    .default({ email: true, slack: true })
    .describe('How assignees hear about the task'),
});
export type ApprovalParams = z.output<typeof ApprovalParamsSchema>;

const decisionOutput = z.object({
  taskId: z.string(),
  decision: z.enum(['approved', 'rejected', 'timeout']),
  /** The user id whose decision closed the task (for expressions and lookups); null on timeout. */
  decidedBy: z.string().nullable(),
  /** That person's name and email, to show or write where a person is meant. */
  decidedByName: z.string().nullable(),
  decidedByEmail: z.string().nullable(),
  comment: z.string().nullable(),
  /** The deciding approver's form values. */
  form: z.record(z.string(), z.unknown()),
  /** ISO 8601. */
  decidedAt: z.string(),
  /** Every decision made on the task, in order (several with N-of-M). */
  decisions: z.array(
    z.object({
      userId: z.string(),
      userName: z.string().optional(),
      userEmail: z.string().optional(),
      decision: z.enum(['approve', 'reject']),
      comment: z.string().nullable(),
      form: z.record(z.string(), z.unknown()),
      decidedAt: z.string(),
    }),
  ),
  /** The data that arrived on the node's input. */
  input: z.unknown(),
});

export const approvalNode = defineNode({
  type: 'core.approval',
  version: 1,
  kind: 'human',
  title: 'Approval',
  description:
    'Asks people to approve or reject in their inbox (with a form if needed); routes on the decision, or on `timeout` when it is due.',
  category: 'Human',
  icon: 'check',
  params: ApprovalParamsSchema,
  inputs: [{ name: 'main' }],
  outputs: [
    { name: 'approved', schema: decisionOutput },
    { name: 'rejected', schema: decisionOutput },
    { name: 'timeout', schema: decisionOutput },
  ],
});
