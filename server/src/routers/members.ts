// Members of the current tenant, their roles, invitations by link, and personal API tokens.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Role } from '@bizosaas/shared';
import { randomToken, sha256 } from '../auth/tokens.js';
import {
  ApiTokenEntity,
  InviteEntity,
  MembershipEntity,
  TenantEntity,
  UserEntity,
} from '../db/entities.js';
import { AppError } from '../errors.js';
import { audit } from '../services/audit.js';
import { scopeOf } from '../services/scope.js';
import { router, tenantProcedure, type Context, type TenantScope } from '../trpc/init.js';
import { email, empty, id, name, role, strict } from '../trpc/schemas.js';

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

/** Queues the invitation email; false when Redis would not take it (the link is still shown). */
async function emailInvite(
  ctx: Context & { tenant: TenantScope },
  invite: { id: string; email: string; role: Role },
  acceptUrl: string,
): Promise<boolean> {
  const [tenant, inviter] = await Promise.all([
    ctx.em.findOneOrFail(TenantEntity, { id: ctx.tenant.id }, { fields: ['name'] }),
    ctx.em.findOneOrFail(UserEntity, { id: ctx.caller!.userId }, { fields: ['displayName'] }),
  ]);
  return ctx.services.notifier.enqueue({
    id: `invite-${invite.id}`,
    tenantId: ctx.tenant.id,
    channel: 'email',
    to: [invite.email],
    subject: `${inviter.displayName} invited you to ${tenant.name} on BizOSaaS`,
    text: `${inviter.displayName} invited you to join ${tenant.name} on BizOSaaS as ${invite.role}. The link works once, within 7 days.`,
    link: acceptUrl,
  });
}

/** Only an owner may grant, change or take away the owner role. */
function checkRoleChange(actor: TenantScope, from: Role | null, to: Role | null) {
  if (actor.role !== 'owner' && (from === 'owner' || to === 'owner'))
    throw new AppError('FORBIDDEN', 'only an owner can grant or change the owner role');
}

async function ensureAnotherOwner(ctx: Context, tenantId: string, userId: string) {
  const owners = await ctx.em.count(MembershipEntity, {
    tenant: tenantId,
    role: 'owner',
    user: { $ne: userId },
  });
  if (!owners) throw new AppError('CONFLICT', 'a tenant needs at least one owner');
}

function publicUrl(ctx: Context): string {
  const { config } = ctx.services;
  return config.PUBLIC_URL ?? `http://${config.SERVER_HOST}:${config.SERVER_PORT}`;
}

export const membersRouter = router({
  list: tenantProcedure.input(empty).query(async ({ ctx }) => {
    const members = await ctx.em.find(
      MembershipEntity,
      { tenant: ctx.tenant.id },
      { populate: ['user'], orderBy: { createdAt: 'asc' } },
    );
    return members.map((m) => ({
      userId: m.user.id,
      email: m.user.email,
      displayName: m.user.displayName,
      role: m.role,
      since: m.createdAt,
    }));
  }),

  invite: tenantProcedure.input(strict({ email, role })).mutation(async ({ ctx, input }) => {
    checkRoleChange(ctx.tenant, null, input.role);
    const token = randomToken('bzi_');
    const invite = {
      id: randomUUID(),
      tenantId: ctx.tenant.id,
      email: input.email,
      role: input.role,
      tokenHash: sha256(token),
      invitedBy: ctx.caller.userId,
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + INVITE_TTL_MS),
      acceptedAt: null,
      revokedAt: null,
    };
    await ctx.em.transactional(async (tx) => {
      await tx.insert(InviteEntity, invite);
      await audit(
        scopeOf(ctx),
        {
          action: 'member.invited',
          targetType: 'invite',
          targetId: invite.id,
          data: { email: input.email, role: input.role },
        },
        tx,
      );
    });
    // The token is in the link's fragment, so it never reaches a server log or a Referer header.
    // The link is shown once, to the inviter, and emailed to the invitee when the server sends mail.
    const acceptUrl = `${publicUrl(ctx)}/invite#${token}`;
    return {
      inviteId: invite.id,
      email: invite.email,
      role: invite.role,
      expiresAt: invite.expiresAt,
      acceptUrl,
      emailed: ctx.services.config.SMTP_URL ? await emailInvite(ctx, invite, acceptUrl) : false,
    };
  }),

  updateRole: tenantProcedure
    .input(strict({ userId: id, role }))
    .mutation(async ({ ctx, input }) => {
      const member = await ctx.em.findOne(MembershipEntity, {
        tenant: ctx.tenant.id,
        user: input.userId,
      });
      if (!member) throw new AppError('NOT_FOUND', 'no such member');
      checkRoleChange(ctx.tenant, member.role, input.role);
      if (member.role === 'owner' && input.role !== 'owner')
        await ensureAnotherOwner(ctx, ctx.tenant.id, input.userId);
      await ctx.em.transactional(async (tx) => {
        await tx.nativeUpdate(
          MembershipEntity,
          { tenant: ctx.tenant.id, user: input.userId },
          { role: input.role },
        );
        await audit(
          scopeOf(ctx),
          {
            action: 'member.role_changed',
            targetType: 'user',
            targetId: input.userId,
            data: { from: member.role, to: input.role },
          },
          tx,
        );
      });
      return { userId: input.userId, role: input.role };
    }),

  remove: tenantProcedure.input(strict({ userId: id })).mutation(async ({ ctx, input }) => {
    const member = await ctx.em.findOne(MembershipEntity, {
      tenant: ctx.tenant.id,
      user: input.userId,
    });
    if (!member) throw new AppError('NOT_FOUND', 'no such member');
    checkRoleChange(ctx.tenant, member.role, null);
    if (member.role === 'owner') await ensureAnotherOwner(ctx, ctx.tenant.id, input.userId);
    await ctx.em.transactional(async (tx) => {
      await tx.nativeDelete(MembershipEntity, { tenant: ctx.tenant.id, user: input.userId });
      await tx.nativeUpdate(
        ApiTokenEntity,
        { tenantId: ctx.tenant.id, userId: input.userId, revokedAt: null },
        { revokedAt: new Date() },
      );
      await audit(
        scopeOf(ctx),
        {
          action: 'member.removed',
          targetType: 'user',
          targetId: input.userId,
          data: { role: member.role },
        },
        tx,
      );
    });
    return { ok: true as const };
  }),
});

export const invitesRouter = router({
  list: tenantProcedure.input(empty).query(async ({ ctx }) => {
    const invites = await ctx.em.find(
      InviteEntity,
      {
        tenantId: ctx.tenant.id,
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { $gt: new Date() },
      },
      { orderBy: { createdAt: 'desc' } },
    );
    return invites.map(({ id, email, role, createdAt, expiresAt, invitedBy }) => ({
      id,
      email,
      role,
      createdAt,
      expiresAt,
      invitedBy,
    }));
  }),

  revoke: tenantProcedure.input(strict({ inviteId: id })).mutation(async ({ ctx, input }) => {
    const revoked = await ctx.em.nativeUpdate(
      InviteEntity,
      { id: input.inviteId, tenantId: ctx.tenant.id, acceptedAt: null, revokedAt: null },
      { revokedAt: new Date() },
    );
    if (!revoked) throw new AppError('NOT_FOUND', 'no such open invite');
    await audit(scopeOf(ctx), {
      action: 'invite.revoked',
      targetType: 'invite',
      targetId: input.inviteId,
    });
    return { ok: true as const };
  }),
});

export const tokensRouter = router({
  list: tenantProcedure.input(empty).query(async ({ ctx }) => {
    const tokens = await ctx.em.find(
      ApiTokenEntity,
      { tenantId: ctx.tenant.id, userId: ctx.caller.userId, revokedAt: null },
      { orderBy: { createdAt: 'desc' } },
    );
    return tokens.map(({ id, name, prefix, createdAt, lastUsedAt, expiresAt }) => ({
      id,
      name,
      prefix,
      createdAt,
      lastUsedAt,
      expiresAt,
    }));
  }),

  create: tenantProcedure
    .input(strict({ name, expiresInDays: z.int().min(1).max(3650).optional() }))
    .mutation(async ({ ctx, input }) => {
      const token = randomToken('bzt_');
      const row = {
        id: randomUUID(),
        tenantId: ctx.tenant.id,
        userId: ctx.caller.userId,
        name: input.name,
        tokenHash: sha256(token),
        prefix: token.slice(0, 10),
        createdAt: new Date(),
        lastUsedAt: null,
        expiresAt: input.expiresInDays
          ? new Date(Date.now() + input.expiresInDays * 86_400_000)
          : null,
        revokedAt: null,
      };
      await ctx.em.transactional(async (tx) => {
        await tx.insert(ApiTokenEntity, row);
        await audit(
          scopeOf(ctx),
          {
            action: 'token.created',
            targetType: 'api_token',
            targetId: row.id,
            data: { name: row.name },
          },
          tx,
        );
      });
      // The only time the token is shown: it is stored as a hash.
      return { id: row.id, name: row.name, prefix: row.prefix, expiresAt: row.expiresAt, token };
    }),

  revoke: tenantProcedure.input(strict({ tokenId: id })).mutation(async ({ ctx, input }) => {
    const revoked = await ctx.em.nativeUpdate(
      ApiTokenEntity,
      { id: input.tokenId, tenantId: ctx.tenant.id, userId: ctx.caller.userId, revokedAt: null },
      { revokedAt: new Date() },
    );
    if (!revoked) throw new AppError('NOT_FOUND', 'no such active token of yours');
    await audit(scopeOf(ctx), {
      action: 'token.revoked',
      targetType: 'api_token',
      targetId: input.tokenId,
    });
    return { ok: true as const };
  }),
});
