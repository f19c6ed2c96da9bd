// Sign-up, login, logout, the current user, switching tenant, accepting invites, own sessions.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { clearSessionCookies } from '../auth/cookies.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { loginThrottleOf } from '../auth/login-throttle.js';
import { ensureAllowed, recordFailure, type RateLimit } from '../auth/rate-limit.js';
import { startSession } from '../auth/sessions.js';
import { sha256 } from '../auth/tokens.js';
import {
  InviteEntity,
  MembershipEntity,
  SessionEntity,
  TenantEntity,
  UserEntity,
} from '../db/entities.js';
import { AppError } from '../errors.js';
import { actorOf, recordAudit } from '../services/audit.js';
import { publicProcedure, router, signedInProcedure, type Context } from '../trpc/init.js';
import { displayName, email, empty, id, name, password, slug, strict } from '../trpc/schemas.js';
import { z } from 'zod';

const WINDOW_SECONDS = 900;
const inviteLimit = (ip: string): RateLimit => ({
  key: `invite:ip:${ip}`,
  limit: 20,
  windowSeconds: WINDOW_SECONDS,
});

async function tenantsOf(em: EntityManager, userId: string) {
  const memberships = await em.find(
    MembershipEntity,
    { user: userId },
    { populate: ['tenant'], orderBy: { createdAt: 'asc' } },
  );
  return memberships.map((m) => ({
    id: m.tenant.id,
    slug: m.tenant.slug,
    name: m.tenant.name,
    role: m.role,
  }));
}

async function whoAmI(ctx: Context, userId: string, tenantId: string | null, csrfToken?: string) {
  const user = await ctx.em.findOneOrFail(UserEntity, { id: userId });
  const tenants = await tenantsOf(ctx.em, userId);
  return {
    user: { id: user.id, email: user.email, displayName: user.displayName },
    tenant: tenants.find((t) => t.id === tenantId) ?? null,
    tenants,
    ...(csrfToken ? { csrfToken } : {}),
  };
}

export const authRouter = router({
  signUp: publicProcedure
    .input(
      strict({
        email,
        password,
        displayName,
        tenantName: name,
        tenantSlug: slug,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { em } = ctx;
      if (await em.count(UserEntity, { email: input.email }))
        throw new AppError('CONFLICT', 'an account with this email exists; log in instead');
      if (await em.count(TenantEntity, { slug: input.tenantSlug }))
        throw new AppError('CONFLICT', `the tenant slug "${input.tenantSlug}" is taken`);
      const passwordHash = await hashPassword(input.password);
      const userId = randomUUID();
      const tenantId = randomUUID();
      const now = new Date();
      const session = await em.transactional(async (tx) => {
        await tx.insert(TenantEntity, {
          id: tenantId,
          slug: input.tenantSlug,
          name: input.tenantName,
          createdAt: now,
        });
        await tx.insert(UserEntity, {
          id: userId,
          email: input.email,
          displayName: input.displayName,
          passwordHash,
          createdAt: now,
        });
        await tx.insert(MembershipEntity, {
          tenant: tenantId,
          user: userId,
          role: 'owner',
          createdAt: now,
        });
        await recordAudit(
          tx,
          { type: 'user', id: userId, requestId: ctx.requestId },
          {
            tenantId,
            action: 'tenant.created',
            targetType: 'tenant',
            targetId: tenantId,
            data: { slug: input.tenantSlug },
          },
        );
        return startSession(tx, { ...ctx, config: ctx.services.config }, userId, tenantId);
      });
      return whoAmI(ctx, userId, tenantId, session.csrfToken);
    }),

  login: publicProcedure
    .input(strict({ email, password: z.string().min(1).max(200), tenantSlug: slug.optional() }))
    .mutation(async ({ ctx, input }) => {
      const { em, services } = ctx;
      const throttle = loginThrottleOf(services.redis);
      const source = ctx.req.ip ?? '';
      await throttle.ensureAllowed(input.email, source);
      const user = await em.findOne(
        UserEntity,
        { email: input.email },
        { fields: ['id', 'passwordHash'] },
      );
      if (!(await verifyPassword(user?.passwordHash, input.password)) || !user) {
        await throttle.recordFailure(input.email, source);
        throw new AppError('UNAUTHENTICATED', 'wrong email or password');
      }
      await throttle.recordSuccess(input.email, source);
      const tenants = await tenantsOf(em, user.id);
      const tenant = input.tenantSlug
        ? tenants.find((t) => t.slug === input.tenantSlug)
        : tenants[0];
      if (input.tenantSlug && !tenant)
        throw new AppError('FORBIDDEN', `you are not a member of "${input.tenantSlug}"`);
      const session = await startSession(
        em,
        { ...ctx, config: services.config },
        user.id,
        tenant?.id ?? null,
      );
      return whoAmI(ctx, user.id, tenant?.id ?? null, session.csrfToken);
    }),

  acceptInvite: publicProcedure
    .input(
      strict({
        token: z.string().min(20).max(200),
        password: z.string().min(1).max(200),
        displayName: displayName.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { em, services } = ctx;
      const limit = inviteLimit(ctx.req.ip ?? '');
      await ensureAllowed(services.redis, limit);
      const invite = await em.findOne(InviteEntity, {
        tokenHash: sha256(input.token),
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { $gt: new Date() },
      });
      if (!invite) {
        await recordFailure(services.redis, limit);
        throw new AppError('NOT_FOUND', 'this invite link is unknown, used, revoked or expired');
      }
      const existing = await em.findOne(
        UserEntity,
        { email: invite.email },
        { fields: ['id', 'passwordHash'] },
      );
      let userId: string;
      if (existing) {
        if (!(await verifyPassword(existing.passwordHash, input.password))) {
          await recordFailure(services.redis, limit);
          throw new AppError('UNAUTHENTICATED', 'wrong password for the invited account');
        }
        userId = existing.id;
      } else {
        const parsed = password.safeParse(input.password);
        if (!parsed.success)
          throw new AppError('BAD_REQUEST', 'password: must be at least 10 characters');
        if (!input.displayName)
          throw new AppError('BAD_REQUEST', 'displayName: required for a new account');
        userId = randomUUID();
        await em.insert(UserEntity, {
          id: userId,
          email: invite.email,
          displayName: input.displayName,
          passwordHash: await hashPassword(input.password),
          createdAt: new Date(),
        });
      }
      const session = await em.transactional(async (tx) => {
        const claimed = await tx.nativeUpdate(
          InviteEntity,
          { id: invite.id, acceptedAt: null },
          { acceptedAt: new Date() },
        );
        if (claimed !== 1) throw new AppError('CONFLICT', 'this invite was just used');
        const member = await tx.findOne(MembershipEntity, {
          tenant: invite.tenantId,
          user: userId,
        });
        if (!member) {
          await tx.insert(MembershipEntity, {
            tenant: invite.tenantId,
            user: userId,
            role: invite.role,
            createdAt: new Date(),
          });
          await recordAudit(
            tx,
            { type: 'user', id: userId, requestId: ctx.requestId },
            {
              tenantId: invite.tenantId,
              action: 'member.added',
              targetType: 'user',
              targetId: userId,
              data: { role: invite.role, inviteId: invite.id },
            },
          );
        }
        return startSession(tx, { ...ctx, config: services.config }, userId, invite.tenantId);
      });
      return whoAmI(ctx, userId, invite.tenantId, session.csrfToken);
    }),

  me: signedInProcedure
    .input(empty)
    .query(({ ctx }) => whoAmI(ctx, ctx.caller.userId, ctx.caller.tenantId, ctx.caller.csrfToken)),

  logout: signedInProcedure.input(empty).mutation(async ({ ctx }) => {
    if (!ctx.caller.sessionId)
      throw new AppError('BAD_REQUEST', 'API tokens have no session; revoke the token instead');
    await ctx.em.nativeUpdate(
      SessionEntity,
      { id: ctx.caller.sessionId },
      { revokedAt: new Date() },
    );
    clearSessionCookies(ctx.res, ctx.services.config);
    return { ok: true as const };
  }),

  switchTenant: signedInProcedure
    .input(strict({ tenantId: id }))
    .mutation(async ({ ctx, input }) => {
      if (!ctx.caller.sessionId)
        throw new AppError(
          'BAD_REQUEST',
          'an API token belongs to one tenant; use a token of the other tenant',
        );
      const member = await ctx.em.count(MembershipEntity, {
        tenant: input.tenantId,
        user: ctx.caller.userId,
      });
      // Not a member and no such tenant look the same: tenant ids are not disclosed.
      if (!member) throw new AppError('NOT_FOUND', 'no such tenant among yours');
      await ctx.em.nativeUpdate(
        SessionEntity,
        { id: ctx.caller.sessionId },
        { tenantId: input.tenantId },
      );
      await recordAudit(ctx.em, actorOf(ctx.caller, ctx.requestId), {
        tenantId: input.tenantId,
        action: 'session.switched_tenant',
        targetType: 'session',
        targetId: ctx.caller.sessionId,
      });
      return whoAmI(ctx, ctx.caller.userId, input.tenantId, ctx.caller.csrfToken);
    }),
});

export const sessionsRouter = router({
  list: signedInProcedure.input(empty).query(async ({ ctx }) => {
    const sessions = await ctx.em.find(
      SessionEntity,
      { userId: ctx.caller.userId, revokedAt: null, expiresAt: { $gt: new Date() } },
      { orderBy: { lastSeenAt: 'desc' } },
    );
    return sessions.map((s) => ({
      id: s.id,
      userAgent: s.userAgent,
      ip: s.ip,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
      current: s.id === ctx.caller.sessionId,
    }));
  }),

  revoke: signedInProcedure.input(strict({ sessionId: id })).mutation(async ({ ctx, input }) => {
    const revoked = await ctx.em.nativeUpdate(
      SessionEntity,
      { id: input.sessionId, userId: ctx.caller.userId, revokedAt: null },
      { revokedAt: new Date() },
    );
    if (!revoked) throw new AppError('NOT_FOUND', 'no such active session of yours');
    if (input.sessionId === ctx.caller.sessionId) clearSessionCookies(ctx.res, ctx.services.config);
    return { ok: true as const };
  }),
});
